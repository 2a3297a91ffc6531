import { VectorSpace, loadScoreKernel, quantize } from './src/core/workspaceIndex/vectorSpace';
import { searchVectors, topIndexes } from './src/core/workspaceIndex/search';
const { assembleKernel } = require('./scripts/assembleKernel');
(async () => {
  const kernel = await loadScoreKernel(await assembleKernel());
  console.log('kernel', !!kernel);
  const N = 100000,
    D = 512;
  const space = new VectorSpace(D, kernel, 1024);
  const floats: Float32Array[] = [];
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
  for (let i = 0; i < N; i++) {
    const v = new Float32Array(D);
    let n = 0;
    for (let j = 0; j < D; j++) {
      v[j] = rnd();
      n += v[j]! ** 2;
    }
    n = Math.sqrt(n);
    for (let j = 0; j < D; j++) v[j]! /= n;
    floats.push(v);
    const { q, scale } = quantize(v);
    space.add(q, scale);
  }
  const qv = floats[5]!;
  const { q } = quantize(qv);
  const a = Float32Array.from(space.scoreAll(q, true));
  const b = Float32Array.from(space.scoreAll(q, false));
  let diff = 0;
  for (let i = 0; i < N; i++) if (a[i] !== b[i]) diff++;
  console.log('diff', diff);
  for (let r = 0; r < 3; r++) {
    let t = performance.now();
    searchVectors(space, qv, 10);
    const tk = performance.now() - t;
    t = performance.now();
    const sc = new Float32Array(N);
    for (let i = 0; i < N; i++) {
      const v = floats[i]!;
      let s = 0;
      for (let j = 0; j < D; j++) s += v[j]! * qv[j]!;
      sc[i] = s;
    }
    topIndexes(sc, 10);
    const tj = performance.now() - t;
    t = performance.now();
    searchVectors(space, qv, 10, { plainLoop: true });
    const tl = performance.now() - t;
    console.log(tk.toFixed(1), tj.toFixed(1), tl.toFixed(1), (tj / tk).toFixed(1));
  }
})();
