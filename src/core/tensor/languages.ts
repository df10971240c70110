import { readLatexTensor } from './latex';
import { readJulia, readMatlab } from './matlab';
import { readNumpy } from './numpy';
import { readTensorMath, type ReadOptions, type ReadResult } from './read';

/**
 * The tensor engine's readers, one per dialect: mathjs syntax (`math`), NumPy / jax.numpy / PyTorch code
 * (`numpy`), MATLAB/Octave (`matlab`), Julia (`julia`) and LaTeX (`latex`, also inside Markdown's `$…$`). Each parses into the reader's program, so shapes,
 * spans, gradients and checks are the same whichever language the user wrote.
 */
export type TensorLanguage = 'math' | 'numpy' | 'matlab' | 'julia' | 'latex';

export const TENSOR_LANGUAGES: readonly TensorLanguage[] = ['math', 'numpy', 'matlab', 'julia', 'latex'];

const READERS: Record<TensorLanguage, (source: string, options?: ReadOptions) => ReadResult> = {
  math: readTensorMath,
  numpy: readNumpy,
  matlab: readMatlab,
  julia: readJulia,
  latex: readLatexTensor,
};

/** VS Code language ids and CLI --lang spellings → the tensor reader (undefined: no tensor reader). */
const IDS: Record<string, TensorLanguage> = {
  math: 'math', mathjs: 'math',
  python: 'numpy', py: 'numpy', numpy: 'numpy', jax: 'numpy', 'jax.numpy': 'numpy', pytorch: 'numpy', torch: 'numpy', jupyter: 'numpy',
  matlab: 'matlab', octave: 'matlab', m: 'matlab',
  julia: 'julia', jl: 'julia',
  latex: 'latex', tex: 'latex', markdown: 'latex', md: 'latex',
};

export function tensorLanguageOf(id: string): TensorLanguage | undefined {
  const key = id.toLowerCase();
  return Object.hasOwn(IDS, key) ? IDS[key] : undefined;
}

export function readTensor(source: string, language: TensorLanguage = 'math', options: ReadOptions = {}): ReadResult {
  return READERS[language](source, options);
}
