/**
 * lib/math: the reference numerics and symbolics of Curvature — linear algebra,
 * symmetric eigen-decomposition, symbolic derivatives, finite differences, quasi-Newton
 * updates, optimiser steps, stop rules and full optimisers. Pure TypeScript (plus
 * mathjs): no React, Next, Prisma or I/O, so the browser, the server and the CLI share it.
 */
export * from './errors';
export * from './linalg';
export * from './eig';
export * from './symbolic';
export * from './numdiff';
export * from './quasinewton';
export * from './steps';
export * from './stop';
export * from './optimize';
export { displayTex, displayText } from './tex';
export * from './trace';
