export interface Objective {
  value: number;
  gradient: Float64Array;
}

export interface LbfgsOptions {
  maxIterations: number;
  /** Pairs of past steps kept to approximate the inverse Hessian. */
  memory?: number;
  /** Stop when the largest gradient entry falls below this. */
  gradientTolerance?: number;
  /** Stop when an iteration lowers the value by less than this fraction. */
  relativeTolerance?: number;
  /** Called after each iteration with its number (1-based) and awaited: progress, or a throw to stop (cancellation). */
  onIteration?: (iteration: number) => void | Promise<void>;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  /** Calls of the objective, line-search trials included. */
  evaluations: number;
  converged: boolean;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** The L-BFGS two-loop recursion: the search direction -H g. */
function searchDirection(gradient: Float64Array, steps: Float64Array[], changes: Float64Array[]): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas: number[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const alpha = dot(steps[i], q) / dot(changes[i], steps[i]);
    alphas[i] = alpha;
    for (let j = 0; j < q.length; j++) q[j] -= alpha * changes[i][j];
  }
  if (steps.length > 0) {
    const last = steps.length - 1;
    const gamma = dot(steps[last], changes[last]) / dot(changes[last], changes[last]);
    for (let j = 0; j < q.length; j++) q[j] *= gamma;
  }
  for (let i = 0; i < steps.length; i++) {
    const beta = dot(changes[i], q) / dot(changes[i], steps[i]);
    for (let j = 0; j < q.length; j++) q[j] += steps[i][j] * (alphas[i] - beta);
  }
  for (let j = 0; j < q.length; j++) q[j] = -q[j];
  return q;
}

/**
 * Minimises a smooth function with L-BFGS and a backtracking (Armijo) line search. Deterministic.
 * The objective may be asynchronous (a read back from the backend).
 */
export async function minimizeLbfgs(
  evaluate: (x: Float64Array) => Objective | Promise<Objective>,
  start: Float64Array,
  options: LbfgsOptions,
): Promise<LbfgsResult> {
  const memory = options.memory ?? 10;
  const gradientTolerance = options.gradientTolerance ?? 1e-6;
  const relativeTolerance = options.relativeTolerance ?? 1e-10;
  let evaluations = 0;
  const counted = (point: Float64Array) => {
    evaluations++;
    return evaluate(point);
  };
  let x = Float64Array.from(start);
  let current = await counted(x);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    if (maxAbs(current.gradient) < gradientTolerance) return { x, value: current.value, iterations: iteration - 1, evaluations, converged: true };
    let direction = searchDirection(current.gradient, steps, changes);
    let slope = dot(direction, current.gradient);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      steps.length = 0;
      changes.length = 0;
      direction = Float64Array.from(current.gradient, (g) => -g);
      slope = dot(direction, current.gradient);
    }
    let stepSize = steps.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(current.gradient, current.gradient))) : 1;
    let next: Objective | undefined;
    let candidate = x;
    for (let tries = 0; tries < 40; tries++) {
      candidate = Float64Array.from(x, (v, j) => v + stepSize * direction[j]);
      const trial = await counted(candidate);
      if (Number.isFinite(trial.value) && trial.value <= current.value + 1e-4 * stepSize * slope) {
        next = trial;
        break;
      }
      stepSize /= 2;
    }
    if (!next) return { x, value: current.value, iterations: iteration, evaluations, converged: false };
    const step = Float64Array.from(candidate, (v, j) => v - x[j]);
    const change = Float64Array.from(next.gradient, (g, j) => g - current.gradient[j]);
    if (dot(step, change) > 1e-12) {
      steps.push(step);
      changes.push(change);
      if (steps.length > memory) {
        steps.shift();
        changes.shift();
      }
    }
    const improvement = current.value - next.value;
    x = candidate;
    current = next;
    await options.onIteration?.(iteration);
    if (improvement <= relativeTolerance * Math.max(1, Math.abs(current.value))) {
      return { x, value: current.value, iterations: iteration, evaluations, converged: true };
    }
  }
  return { x, value: current.value, iterations: options.maxIterations, evaluations, converged: false };
}
