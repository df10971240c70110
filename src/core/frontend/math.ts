import { PartialsError } from '../errors';
import { lowerProgram } from '../lower';
import type { Claim, FrontEndResult } from './types';
import { parseClaimName } from './program';
import { setOwn } from '../own';

/**
 * Plain math (mathjs syntax) needs no translation, but a selection of several lines may still hold
 * hand-written derivatives (claims). Those lines are blanked out with spaces, so the program text keeps
 * the user's offsets one to one; `:=` is read as `=`.
 */
const ASSIGN = /^(\s*)([A-Za-z_][\w]*)(\s*=(?!=)\s*)(.*?)\s*;?\s*$/;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

interface MathLine { start: number; name: string; rhs: string; rhsStart: number; end: number }

export function readMath(source: string): FrontEndResult {
  const text = source.replace(/:=/g, ' =');
  const lines: MathLine[] = [];
  let offset = 0;
  for (const raw of text.split(/[\n;]/)) {
    const m = ASSIGN.exec(raw);
    if (m) lines.push({ start: offset + m[1].length, name: m[2], rhs: m[4], rhsStart: offset + m[1].length + m[2].length + m[3].length, end: offset + raw.length });
    offset += raw.length + 1;
  }
  const result: FrontEndResult = { language: 'math', text, mapOffset: (i) => i, claims: [], values: {} };
  if (!lines.length || text.split(/\n|;/).filter((l) => l.trim()).length < 2) return result;
  const blank = (s: string, from: number, to: number) => s.slice(0, from) + ' '.repeat(to - from) + s.slice(to);

  // Numbers stay in the program (in mathjs syntax `a = 2.5` makes a a constant, as the engine reads it);
  // they are reported as values too, which matters only when the name is also used as a variable.
  let program = text;
  for (const l of lines) if (NUMBER.test(l.rhs) && !Object.hasOwn(result.values, l.name)) setOwn(result.values, l.name, Number(l.rhs));
  const rest = lines.filter((l) => !NUMBER.test(l.rhs) || /^d\w*d|grad/.test(l.name));
  // claims: lines named like derivatives of the last output with respect to its inputs
  let shape: { assigned: Set<string>; inputs: Set<string>; names: string[] };
  try {
    shape = analyse(program);
  } catch (e) {
    if (e instanceof PartialsError) return { ...result, text: program };
    throw e;
  }
  const anyName = new Set([...shape.inputs, ...shape.assigned]);
  const primary = [...shape.names].reverse().find((n) => !parseClaimName(n, shape.assigned, anyName, '\u0000'));
  const claims: Claim[] = [];
  for (const l of rest) {
    if (l.name === primary) continue;
    // Only names starting with d or g, or ending in _grad, can be claims: skip the O(lines) set for the others.
    if (!/^[dg]|_grad$/.test(l.name)) continue;
    const before = new Set([...shape.inputs, ...rest.filter((p) => p.start < l.start && !claims.some((c) => c.name === p.name)).map((p) => p.name)]);
    const c = parseClaimName(l.name, shape.assigned, before, primary);
    if (!c || c.of === c.wrt || (c.bare && NUMBER.test(l.rhs))) continue;
    if (c.bare && rest.some((m) => m.start > l.start && new RegExp(`\\b${l.name}\\b`).test(m.rhs))) continue; // dx = x - x0, used later
    const claim: Claim = { of: c.of, wrt: c.wrt, expr: l.rhs, source: source.slice(l.start, l.rhsStart + l.rhs.length), span: { start: l.start, end: l.rhsStart + l.rhs.length }, name: l.name };
    if (!shape.inputs.has(c.wrt)) claim.intermediate = true;
    claims.push(claim);
    program = blank(program, l.start, l.end);
  }
  if (!program.trim()) return result; // only claims: let the engine read everything as assignments
  result.text = program;
  result.claims = claims.filter((c) => !c.intermediate);
  const adjoint = claims.filter((c) => c.intermediate);
  if (adjoint.length) result.adjointClaims = adjoint;
  return result;
}

function analyse(text: string): { assigned: Set<string>; inputs: Set<string>; names: string[] } {
  const p = lowerProgram(text);
  const names = p.assignments.map((a) => a.name);
  const vars = [...p.graph.variables(p.assignments.map((a) => a.node)), ...p.assignments.flatMap((a) => (a.mentions ?? []).map((v) => p.graph.name[v]))];
  return { assigned: new Set(names), inputs: new Set([...vars, ...(p.params ?? [])]), names };
}
