// Assembles the similarity kernel (src/core/workspaceIndex/kernel/dotInt8.wat) into WebAssembly bytes with wabt,
// a devDependency: esbuild.js writes them to dist/dotInt8.wasm, and tests and benches call it directly.
const fs = require('node:fs');
const path = require('node:path');

const WAT = path.join(__dirname, '..', 'src', 'core', 'workspaceIndex', 'kernel', 'dotInt8.wat');

/** @returns {Promise<Uint8Array>} */
async function assembleKernel() {
  const wabt = await require('wabt')();
  const module = wabt.parseWat(WAT, fs.readFileSync(WAT, 'utf8'), { simd: true });
  try {
    module.validate();
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

module.exports = { assembleKernel, KERNEL_WAT: WAT };
