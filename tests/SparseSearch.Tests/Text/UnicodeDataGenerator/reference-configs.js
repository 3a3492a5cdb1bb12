// Writes normalizer-configs.jsonl: Hugging Face tokenizers' encodings of 100 random texts (mixed scripts, emoji,
// combining marks, controls, literal special tokens, 100-character boundaries) under five BertNormalizer
// configurations, so tests cover settings the golden files (uncased only) do not.
// Needs the npm package tokenizers@0.23.2. Usage: node reference-configs.js OUT.jsonl path/to/splade-tiny/tokenizer.json
const { Tokenizer } = require('tokenizers');
const fs = require('fs');
let seed = 20261123;
function rnd() { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x80000000; }
function ri(n) { return Math.floor(rnd() * n); }
const vocab = Object.keys(JSON.parse(fs.readFileSync('/tmp/hftok/tok-uncased.json','utf8')).model.vocab);
const cp = (a, b) => () => { let c; do { c = a + ri(b - a + 1); } while (c >= 0xD800 && c <= 0xDFFF); return String.fromCodePoint(c); };
const pools = [
  () => { let s=''; const n=1+ri(12); for (let i=0;i<n;i++) s += String.fromCharCode((rnd()<0.3?65:97)+ri(26)); return s; },
  () => vocab[ri(vocab.length)].replace(/^##/, ''),
  () => vocab[ri(vocab.length)].replace(/^##/, '') + vocab[ri(vocab.length)].replace(/^##/, ''),
  () => ' ', () => ' ', () => ' ', () => '\t', () => '\n', () => '\r\n', () => '  ',
  cp(33, 126), cp(0, 31), cp(0x7f, 0xff), cp(0x100, 0x24f), cp(0x300, 0x36f), cp(0x370, 0x52f),
  cp(0x590, 0x6ff), cp(0x900, 0x97f), cp(0xe00, 0xe7f), cp(0x1100, 0x11ff), cp(0xac00, 0xd7a3), cp(0x3040, 0x30ff),
  cp(0x4e00, 0x9fff), cp(0xf900, 0xfaff), cp(0x20000, 0x2b920), cp(0x1f300, 0x1faff), cp(0x2000, 0x206f), cp(0xfe00, 0xfe0f),
  cp(0xff00, 0xffef), cp(0xe000, 0xf8ff), cp(0x0, 0x10ffff), cp(0x0, 0x10ffff), cp(0x1e00, 0x1fff), cp(0x2c00, 0x2e7f),
  () => '\u0000', () => '\ufffd', () => '\ufeff', () => '\u200d', () => '\u0130', () => 'İstanbul', () => 'ΣΑΣ',
  () => '[CLS]', () => '[SEP]', () => '[MASK]', () => '[UNK]', () => '[PAD]', () => '[cls]', () => '[CLS', () => '[[SEP]]', () => 'x[MASK]y',
  () => 'a'.repeat(95 + ri(10)), () => 'é'.repeat(98 + ri(5)), () => '😀'.repeat(99 + ri(3)), () => 'ab'.repeat(45 + ri(10)) + '\u0301',
];
const texts = [];
for (let t = 0; t < 100; t++) {
  let s = ''; const n = ri(24);
  for (let i = 0; i < n; i++) s += pools[ri(pools.length)]();
  texts.push(s);
}
const configs = {
  'uncased': { clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  'cased': { clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: false },
  'strip-nolower': { clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: false },
  'lower-nostrip': { clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: true },
  'noclean-nocjk': { clean_text: false, handle_chinese_chars: false, strip_accents: null, lowercase: true },
};
(async () => {
  const out = [];
  const base = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  for (const [cfg, settings] of Object.entries(configs)) {
    const json = JSON.parse(JSON.stringify(base));
    Object.assign(json.normalizer, settings);
    json.truncation = null; json.padding = null;
    const file = `${require('os').tmpdir()}/tok-${cfg}-${process.pid}.json`;
    fs.writeFileSync(file, JSON.stringify(json));
    const tok = Tokenizer.fromFile(file);
    fs.unlinkSync(file);
    for (const text of texts) {
      const e = await tok.encode(text);
      out.push(JSON.stringify({ config: cfg, normalizer: settings, text, ids: Array.from(e.getIds()), offsets: e.getOffsets() }));
    }
  }
  fs.writeFileSync(process.argv[2] || 'normalizer-configs.jsonl', out.join('\n') + '\n');
  console.log(texts.length, out.length);
})();
