// Builds docs/images/street-overlay.jpg and person-overlay.jpg (input | overlay) from `semseg predict` output.
//   semseg predict samples/camvid-0001TP_008550.png --out /tmp/fig && semseg predict samples/grace_hopper.jpg --model person --opacity 0.6 --out /tmp/fig && node tools/readme-figure.mjs /tmp/fig
import sharp from 'sharp';
const dir = process.argv[2];
const input = await sharp('samples/camvid-0001TP_008550.png').resize(360).toBuffer();
const over = await sharp(`${dir}/camvid-0001TP_008550.overlay.jpg`).resize(360).toBuffer();
await sharp({ create: { width: 724, height: 270, channels: 3, background: '#ffffff' } })
  .composite([{ input, left: 0, top: 0 }, { input: over, left: 364, top: 0 }])
  .jpeg({ quality: 82 })
  .toFile('docs/images/street-overlay.jpg');

const person = await sharp('samples/grace_hopper.jpg').resize({ height: 270 }).toBuffer({ resolveWithObject: true });
const personOver = await sharp(`${dir}/grace_hopper.overlay.jpg`).resize({ height: 270 }).toBuffer();
await sharp({ create: { width: person.info.width * 2 + 4, height: 270, channels: 3, background: '#ffffff' } })
  .composite([{ input: person.data, left: 0, top: 0 }, { input: personOver, left: person.info.width + 4, top: 0 }])
  .jpeg({ quality: 82 })
  .toFile('docs/images/person-overlay.jpg');
