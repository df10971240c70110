/** The engine's public surface: everything the CLI, the extension and the tests use. */
export * from './api';
export { PartialsError, lineColumn, type Span } from './errors';
export { Graph, type NodeId, type Op } from './graph';
export { FUNCTIONS, lookupFunction, type FnDef } from './functions';
export { lowerProgram, type Program, type Assignment } from './lower';
export { evaluate, diagnose, type Point } from './evaluate';
export * as diff from './diff';
export { Displayer, type Disp } from './display';
export { print, printShared, PrintCache, type Style, type PrintOptions, type SharedPrint } from './print';
export { buildModel, choosePoint, inspect, graphView, type Model } from './model';
export { readSource, type Claim, type FrontEndResult } from './frontend';
