// HTML_CodeSniffer at WCAG 2 AA, through pa11y, on every page named on stdin (a JSON list of addresses),
// in Debian's Chromium (CHROMIUM, never a downloaded browser) at each width and colour scheme given.
// Prints {"<scheme> <width> <url>": [issues]} as JSON; an error is one line on stderr, exit status 2.
"use strict";
const fs = require("fs");
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

// Each width and each colour scheme once (axe, in test_accessibility.py, runs all four combinations).
const CONFIGS = [
  { scheme: "light", width: 375, height: 812 },
  { scheme: "dark", width: 1280, height: 900 },
];
const PARALLEL = 2;

async function main() {
  const urls = JSON.parse(fs.readFileSync(0, "utf8"));
  const executablePath = process.env.CHROMIUM;
  if (!executablePath) throw new Error("set CHROMIUM to Debian's Chromium (/usr/bin/chromium)");
  const chromeLaunchConfig = {
    executablePath,
    headless: true,
    args: (process.env.CHROMIUM_ARGS || "--no-sandbox").split(" ").filter(Boolean),
  };
  const browser = await puppeteer.launch(chromeLaunchConfig);
  const results = {};
  try {
    const jobs = CONFIGS.flatMap((config) => urls.map((url) => ({ config, url })));
    const worker = async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const { config, url } = job;
        const page = await browser.newPage();
        await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: config.scheme }]);
        const found = await pa11y(url, {
          browser,
          page,
          chromeLaunchConfig,
          standard: "WCAG2AA",
          runners: ["htmlcs"],
          includeNotices: false,
          includeWarnings: false,
          timeout: 60000,
          viewport: { width: config.width, height: config.height },
        });
        results[`${config.scheme} ${config.width} ${url}`] = found.issues.filter((issue) => issue.type === "error");
        await page.close();
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => {
  process.stderr.write(String((error && error.message) || error).split("\n")[0] + "\n");
  process.exit(2);
});
