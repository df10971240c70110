import { generate, TARGETS, type CodegenForm, type CodegenStyle, type TargetId } from '../core/codegen';
import { PartialsError } from '../core/errors';
import { buildModel } from '../core/model';
import { TENSOR_TARGETS } from '../core/tensor';
import { flag, has, parseArgs, parseList, readExpression, reportError, type CliIO, type OptionSpec } from './args';
import { parseShapes, parseTensorPoint, tensorCodegen, wantsTensorCodegen } from '../core/tensor/session';

export const CODEGEN_USAGE = `partials codegen [EXPR] [--file F|-] [--lang L] --target T [--style closed|adjoint|hessian]
    [--form statements|function] [--name N] [--wrt x,y] [--output NAME] [--json] [--at …] [--shape X=4x3,w=3]
    T: ${TARGETS.join(' ')}
    vectorised T: ${TENSOR_TARGETS.join(' ')} (--style closed|adjoint)

Gradient code for the expression, ready to compile: the imports and helpers it needs, then the code.
Vectorised input (sum((X*w - y).^2), np.sum((X @ w - y)**2), arrays in --at or sizes in --shape) gives
whole-array code in matrix notation for ${TENSOR_TARGETS.join(', ')}: never loops over entries.
Exit status: 0 ok, 2 bad input.
`;

const CODEGEN_OPTIONS: OptionSpec = {
  command: 'codegen',
  strings: ['file', 'lang', 'target', 'style', 'form', 'name', 'wrt', 'output', 'at', 'shape'],
  booleans: ['json', 'help'],
  multiple: ['at'],
};

/**
 * `partials codegen [EXPR] [--file F|-] [--lang L] --target T --style closed|adjoint|hessian
 *  --form statements|function [--name N] [--wrt …] [--output NAME] [--json]`: prints the code and nothing else — the
 * imports/includes and helpers it needs first, so a function is ready to compile as printed.
 */
export function runCodegen(argv: string[], io: CliIO): number {
  let json = argv.includes('--json');
  try {
    const p = parseArgs(argv, CODEGEN_OPTIONS);
    json = has(p, 'json');
    if (has(p, 'help')) {
      io.stdout(CODEGEN_USAGE);
      return 0;
    }
    const target = flag(p, 'target');
    if (!target) throw new PartialsError(`Give --target, one of: ${TARGETS.join(', ')}.`, 'input');
    const source = readExpression(p, io);
    const form = (flag(p, 'form') ?? 'function') as CodegenForm;
    const tensorReq = {
      source, lang: flag(p, 'lang'), target, style: flag(p, 'style'), form, name: flag(p, 'name'), output: flag(p, 'output'),
      wrt: parseList(flag(p, 'wrt')), at: parseTensorPoint(p.flags.get('at')), shapes: parseShapes(flag(p, 'shape')),
    };
    const tensor = wantsTensorCodegen(tensorReq, () => buildModel({ source, language: flag(p, 'lang'), wrt: parseList(flag(p, 'wrt')) }));
    if (tensor.kind === 'tensor') {
      const r = tensorCodegen(tensorReq, tensor.lang);
      if (json) {
        io.stdout(JSON.stringify({ engine: 'tensor', ...r }, null, 2) + '\n');
        return 0;
      }
      io.stdout([r.imports.join('\n'), form === 'statements' ? r.helpers.join('\n\n') : '', r.code].filter(Boolean).join('\n\n') + '\n');
      return 0;
    }
    const model = tensor.model;
    const result = generate(model, {
      target: target as TargetId,
      style: (flag(p, 'style') ?? 'closed') as CodegenStyle,
      form,
      name: flag(p, 'name'),
      output: flag(p, 'output'),
    });
    if (json) {
      io.stdout(JSON.stringify(result, null, 2) + '\n');
      return 0;
    }
    const blocks = [
      result.imports.join('\n'),
      form === 'statements' ? result.helpers.join('\n\n') : '',
      result.code,
    ].filter(Boolean);
    io.stdout(blocks.join('\n\n') + '\n');
    return 0;
  } catch (e) {
    return reportError(e, json, io);
  }
}
