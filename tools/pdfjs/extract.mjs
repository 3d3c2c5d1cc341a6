// PDF files → the text of each page of each as pdf.js's text layer gives it (what Firefox
// selects and copies): the items' strings in order, a line end after an item that has one.
// JSON on stdout: one array of page texts per file, in the order given.
// Usage: node extract.mjs FILE.pdf [FILE.pdf …]   (run `npm ci` in this folder first)
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const out = [];
for (const file of process.argv.slice(2)) {
  const data = new Uint8Array(readFileSync(file));
  const doc = await getDocument({ data, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    // as the viewer's text layer asks for it: no NFKC of Lao AM and friends
    const content = await page.getTextContent({ disableNormalization: true });
    pages.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
    page.cleanup();
  }
  out.push(pages);
  await doc.destroy();
}
process.stdout.write(JSON.stringify(out));
