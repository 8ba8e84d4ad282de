// Builds docs/images/street-overlay.jpg (input | overlay, side by side) from `semseg predict` output.
//   node dist/src/cli/main.js predict samples/camvid-0001TP_008550.png --out /tmp/fig && node tools/readme-figure.mjs /tmp/fig
import sharp from 'sharp';
const dir = process.argv[2];
const input = await sharp('samples/camvid-0001TP_008550.png').resize(360).toBuffer();
const over = await sharp(`${dir}/camvid-0001TP_008550.overlay.jpg`).resize(360).toBuffer();
await sharp({ create: { width: 724, height: 270, channels: 3, background: '#ffffff' } })
  .composite([{ input, left: 0, top: 0 }, { input: over, left: 364, top: 0 }])
  .jpeg({ quality: 82 })
  .toFile('docs/images/street-overlay.jpg');
