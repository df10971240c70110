import { readEigen } from './eigen';
import { readLatexTensor } from './latex';
import { readJulia, readMatlab } from './matlab';
import { readNumpy } from './numpy';
import { readTensorMath, type ReadOptions, type ReadResult } from './read';

/**
 * The tensor engine's readers, one per dialect: mathjs syntax (`math`), NumPy / jax.numpy / PyTorch code
 * (`numpy`), MATLAB/Octave (`matlab`), Julia (`julia`), LaTeX (`latex`, also inside Markdown's `$…$`) and C++ with Eigen (`eigen`). Each parses into the reader's program, so shapes,
 * spans, gradients and checks are the same whichever language the user wrote.
 */
export type TensorLanguage = 'math' | 'numpy' | 'matlab' | 'julia' | 'latex' | 'eigen';

export const TENSOR_LANGUAGES: readonly TensorLanguage[] = ['math', 'numpy', 'matlab', 'julia', 'latex', 'eigen'];

const READERS: Record<TensorLanguage, (source: string, options?: ReadOptions) => ReadResult> = {
  math: readTensorMath,
  numpy: readNumpy,
  matlab: readMatlab,
  julia: readJulia,
  latex: readLatexTensor,
  eigen: readEigen,
};

/** VS Code language ids and CLI --lang spellings → the tensor reader (undefined: no tensor reader). */
const IDS: Record<string, TensorLanguage> = {
  math: 'math', mathjs: 'math',
  python: 'numpy', py: 'numpy', numpy: 'numpy', jax: 'numpy', 'jax.numpy': 'numpy', pytorch: 'numpy', torch: 'numpy', jupyter: 'numpy',
  matlab: 'matlab', octave: 'matlab', m: 'matlab',
  julia: 'julia', jl: 'julia',
  latex: 'latex', tex: 'latex', markdown: 'latex', md: 'latex',
  eigen: 'eigen', cpp: 'eigen', 'c++': 'eigen', cuda: 'eigen', 'cuda-cpp': 'eigen',
};

export function tensorLanguageOf(id: string): TensorLanguage | undefined {
  const key = id.toLowerCase();
  return Object.hasOwn(IDS, key) ? IDS[key] : undefined;
}

export function readTensor(source: string, language: TensorLanguage = 'math', options: ReadOptions = {}): ReadResult {
  return READERS[language](source, options);
}
