/**
 * The front ends' shared syntax tree: every language (and LaTeX) parses into these nodes, with offsets
 * into the user's text, and one printer turns them into mathjs syntax with an exact offset map.
 */
export interface Pos {
  /** Start offset in the user's text. */
  s: number;
  /** End offset (exclusive). */
  e: number;
  /** The user's brackets around it, if any: kept, so enclosing constructs span whole bracket pairs. */
  ps?: number;
  pe?: number;
}

export type Expr =
  | ({ k: 'num'; v: number } & Pos)
  /** A name: a variable, or a constant once resolved ('pi', 'e'). */
  | ({ k: 'id'; name: string } & Pos)
  | ({ k: 'const'; name: 'pi' | 'e' | 'Infinity' } & Pos)
  /** Dotted or `::` path before resolution: math.pi, np.exp, f64::consts::PI. */
  | ({ k: 'path'; parts: string[] } & Pos)
  /** Member of a computed value: (x + 1).sin, x.T. */
  | ({ k: 'member'; obj: Expr; name: string } & Pos)
  | ({ k: 'un'; op: '-' | 'not'; a: Expr } & Pos)
  | ({ k: 'bin'; op: BinOp; a: Expr; b: Expr } & Pos)
  | ({ k: 'cond'; c: Expr; a: Expr; b: Expr } & Pos)
  /** A call before resolution: callee is an id, a path or a member. */
  | ({ k: 'call'; callee: Expr; args: Expr[]; kw?: Record<string, Expr> } & Pos)
  /** A resolved call of an engine function; `ns` is where its name is. */
  | ({ k: 'fn'; name: string; args: Expr[]; ns: number } & Pos);

export type BinOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

export interface Name extends Pos {
  name: string;
  /** An assignment target that is part of another variable (`*y`, `y[0]`, `self.y`, `p->y`): that variable. */
  base?: string;
  /** A parameter passed by pointer or reference (`double *y`, `double &y`, `out double y`): it may be an output. */
  ref?: boolean;
}

export type Stmt =
  | ({ k: 'assign'; targets: Name[]; values: Expr[] } & Pos)
  | ({ k: 'return'; values: Expr[] } & Pos)
  | ({ k: 'expr'; value: Expr } & Pos)
  /** A function header: the statements after it are its body. */
  /**
   * A function header: the statements after it, up to `bodyEnd` (an offset), are its body; without
   * `bodyEnd` the body is the one statement that follows (lambda, arrow or one-line definition).
   */
  | ({ k: 'func'; name?: Name; params: Name[]; out?: Name; outs?: Name[]; defaults: Record<string, number>; bodyEnd?: number } & Pos)
  /** A claim written as mathematics (LaTeX ∂f/∂x = …): of/wrt are known from the notation. */
  | ({ k: 'claim'; of: string; wrt: string; value: Expr; label: string } & Pos);

export function span(a: Pos, b: Pos): Pos {
  return { s: Math.min(a.s, b.s), e: Math.max(a.e, b.e) };
}
