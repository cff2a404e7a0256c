/**
 * Single quasi-Newton updates, returning the intermediate quantities that worked
 * solutions show: the BFGS update of the inverse Hessian H and of the Hessian B, and the
 * L-BFGS two-loop recursion.
 */
import { MathError } from './errors';
import { dot, isSquare, matVec, type Mat, type Vec } from './linalg';

/** Throws MathError unless M is n×n and s, y have n entries. */
function checkPair(M: Mat, s: Vec, y: Vec, name: string): void {
  if (!isSquare(M)) throw new MathError(`${name} must be a square matrix`);
  const n = M.length;
  if (s.length !== n || y.length !== n) throw new MathError(`s and y must have ${n} entries like ${name} (got ${s.length} and ${y.length})`);
}

/** Throws MathError unless yᵀs > 0 (the curvature condition); returns yᵀs. */
function curvature(s: Vec, y: Vec, label = ''): number {
  const ys = dot(y, s);
  if (!(ys > 0)) throw new MathError(`yᵀs must be positive${label} (it is ${ys})`);
  return ys;
}

/**
 * BFGS update of the inverse-Hessian approximation:
 * H⁺ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1/(yᵀs), computed in O(n²) from the
 * expansion H − ρ s (Hᵀy)ᵀ − ρ (Hy) sᵀ + (ρ² yᵀHy + ρ) s sᵀ. H⁺ satisfies the secant
 * condition H⁺ y = s. Throws MathError("yᵀs must be positive …") when yᵀs ≤ 0.
 */
export function bfgsInverseUpdate(H: Mat, s: Vec, y: Vec): { H: Mat; rho: number } {
  checkPair(H, s, y, 'H');
  const rho = 1 / curvature(s, y);
  const n = s.length;
  const Hy = matVec(H, y);
  const HTy = s.map((_, j) => {
    let t = 0;
    for (let i = 0; i < n; i++) t += y[i] * H[i][j];
    return t;
  });
  const c = rho * rho * dot(y, Hy) + rho;
  // Grouped so that a symmetric H gives an exactly symmetric H⁺ (a·b + c·d = c·d + a·b in floating point).
  const next = H.map((row, i) => row.map((h, j) => h - rho * (s[i] * HTy[j] + Hy[i] * s[j]) + c * (s[i] * s[j])));
  return { H: next, rho };
}

/**
 * BFGS update of the Hessian approximation: B⁺ = B − (B s sᵀ B)/(sᵀ B s) + (y yᵀ)/(yᵀ s).
 * Returns B⁺ with B s, sᵀBs and yᵀs. B⁺ satisfies B⁺ s = y. Throws MathError when
 * yᵀs ≤ 0 or sᵀBs ≤ 0.
 */
export function bfgsDirectUpdate(B: Mat, s: Vec, y: Vec): { B: Mat; Bs: Vec; sBs: number; ys: number } {
  checkPair(B, s, y, 'B');
  const ys = curvature(s, y);
  const Bs = matVec(B, s);
  const sBs = dot(s, Bs);
  if (!(sBs > 0)) throw new MathError(`sᵀBs must be positive (it is ${sBs}); B must be positive definite`);
  const n = s.length;
  const sTB = s.map((_, j) => {
    let t = 0;
    for (let i = 0; i < n; i++) t += s[i] * B[i][j];
    return t;
  });
  const next = B.map((row, i) => row.map((b, j) => b - (Bs[i] * sTB[j]) / sBs + (y[i] * y[j]) / ys));
  return { B: next, Bs, sBs, ys };
}

/**
 * The L-BFGS two-loop recursion: d = −H g, where H is the BFGS inverse approximation
 * built from the pairs (S[i], Y[i]) (oldest first) on top of H0 = γI with
 * γ = sᵀy/yᵀy of the newest pair. With no pairs, d = −g and γ = 1.
 *
 * First loop (newest to oldest): α_i = ρ_i s_iᵀq, q ← q − α_i y_i, starting from q = g.
 * Second loop (oldest to newest): r starts at γq; β_i = ρ_i y_iᵀr, r ← r + s_i(α_i − β_i).
 * Returns d = −r, γ, the ρ_i, α_i, β_i (indexed like S, oldest first), q after the first
 * loop and r after the second. MathError if some yᵀs ≤ 0 or the sizes do not match.
 * `gammaOverride` replaces γ (used to compute the answers of students who scaled H0 wrongly).
 */
export function lbfgsTwoLoop(g: Vec, S: Vec[], Y: Vec[], gammaOverride?: number): { d: Vec; gamma: number; rhos: Vec; alphas: Vec; betas: Vec; q: Vec; r: Vec } {
  const m = S.length;
  const n = g.length;
  if (Y.length !== m) throw new MathError(`S and Y must hold the same number of vectors (got ${m} and ${Y.length})`);
  for (let i = 0; i < m; i++) {
    if (S[i].length !== n || Y[i].length !== n) throw new MathError(`pair ${i + 1}: s and y must have ${n} entries like g`);
  }
  const rhos = S.map((s, i) => 1 / curvature(s, Y[i], ` for pair ${i + 1}`));
  const alphas = new Array<number>(m);
  const betas = new Array<number>(m);
  const q = [...g];
  for (let i = m - 1; i >= 0; i--) {
    alphas[i] = rhos[i] * dot(S[i], q);
    for (let k = 0; k < n; k++) q[k] -= alphas[i] * Y[i][k];
  }
  const gamma = gammaOverride ?? (m === 0 ? 1 : dot(S[m - 1], Y[m - 1]) / dot(Y[m - 1], Y[m - 1]));
  const r = q.map((v) => gamma * v);
  for (let i = 0; i < m; i++) {
    betas[i] = rhos[i] * dot(Y[i], r);
    for (let k = 0; k < n; k++) r[k] += S[i][k] * (alphas[i] - betas[i]);
  }
  return { d: r.map((v) => -v), gamma, rhos, alphas, betas, q, r };
}
