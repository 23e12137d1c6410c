const MAX_DEPTH = 64;

/**
 * A Barnes-Hut quadtree over 2-D points, rebuilt every t-SNE iteration. Nodes live in flat
 * typed arrays (children of a node are four consecutive slots) so building and walking it
 * allocates nothing once warmed up.
 */
export class QuadTree {
  private capacity = 0;
  private nodeCount = 0;
  private centerX = new Float64Array(0);
  private centerY = new Float64Array(0);
  private halfWidth = new Float64Array(0);
  private widthSquared = new Float64Array(0);
  private massX = new Float64Array(0);
  private massY = new Float64Array(0);
  private size = new Int32Array(0);
  private firstChild = new Int32Array(0);
  private point = new Int32Array(0);
  private stack = new Int32Array(0);

  /** Rebuilds the tree over `count` points stored as x,y pairs. */
  build(points: Float64Array, count: number): void {
    this.ensureCapacity(4 * count + 5);
    if (this.stack.length < 4 * MAX_DEPTH + 8) this.stack = new Int32Array(4 * MAX_DEPTH + 8);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < count; i++) {
      const x = points[2 * i], y = points[2 * i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const half = Math.max(maxX - minX, maxY - minY, 1e-12) * 0.5 * (1 + 1e-6);
    this.nodeCount = 0;
    this.newNode((minX + maxX) / 2, (minY + maxY) / 2, half);
    for (let i = 0; i < count; i++) this.insert(points, i);
  }

  /**
   * Adds the approximate repulsion on point `i` into force[2i], force[2i+1] (unnormalised:
   * Σ q²·(yi - yj) with q = 1/(1+d²)) and returns its share of Z = Σ q.
   */
  repulsion(points: Float64Array, i: number, theta: number, force: Float64Array): number {
    const x = points[2 * i], y = points[2 * i + 1];
    const thetaSquared = theta * theta;
    const { stack, size, firstChild, point, massX, massY, widthSquared } = this;
    let top = 0;
    stack[top++] = 0;
    let sumQ = 0, fx = 0, fy = 0;
    while (top > 0) {
      const node = stack[--top];
      const mass = size[node];
      if (mass === 0) continue;
      const child = firstChild[node];
      if (child < 0 && point[node] === i) {
        sumQ += mass - 1;
        continue;
      }
      const dx = x - massX[node], dy = y - massY[node];
      const d2 = dx * dx + dy * dy;
      if (child < 0 || widthSquared[node] < thetaSquared * d2) {
        const q = 1 / (1 + d2);
        const m = mass * q;
        sumQ += m;
        fx += m * q * dx;
        fy += m * q * dy;
      } else {
        stack[top++] = child;
        stack[top++] = child + 1;
        stack[top++] = child + 2;
        stack[top++] = child + 3;
      }
    }
    force[2 * i] += fx;
    force[2 * i + 1] += fy;
    return sumQ;
  }

  /**
   * Writes point indices in depth-first leaf order (walking points in this order keeps the
   * tree warm in cache) and returns how many; exact duplicates share a leaf and are left out.
   */
  spatialOrder(out: Int32Array): number {
    const { stack, size, firstChild, point } = this;
    let top = 0;
    let n = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      if (size[node] === 0) continue;
      const child = firstChild[node];
      if (child < 0) out[n++] = point[node];
      else {
        stack[top++] = child + 3;
        stack[top++] = child + 2;
        stack[top++] = child + 1;
        stack[top++] = child;
      }
    }
    return n;
  }

  private insert(points: Float64Array, p: number): void {
    const x = points[2 * p], y = points[2 * p + 1];
    let node = 0;
    for (let depth = 0; ; depth++) {
      const mass = ++this.size[node];
      this.massX[node] += (x - this.massX[node]) / mass;
      this.massY[node] += (y - this.massY[node]) / mass;
      if (this.firstChild[node] < 0) {
        const resident = this.point[node];
        if (resident < 0) {
          this.point[node] = p;
          return;
        }
        if ((points[2 * resident] === x && points[2 * resident + 1] === y) || depth >= MAX_DEPTH) return;
        this.subdivide(node);
        const home = this.childFor(node, points[2 * resident], points[2 * resident + 1]);
        this.size[home] = 1;
        this.massX[home] = points[2 * resident];
        this.massY[home] = points[2 * resident + 1];
        this.point[home] = resident;
        this.point[node] = -1;
      }
      node = this.childFor(node, x, y);
    }
  }

  private childFor(node: number, x: number, y: number): number {
    return this.firstChild[node] + (x >= this.centerX[node] ? 1 : 0) + (y >= this.centerY[node] ? 2 : 0);
  }

  private subdivide(node: number): void {
    const half = this.halfWidth[node] / 2;
    const cx = this.centerX[node], cy = this.centerY[node];
    this.ensureCapacity(this.nodeCount + 4);
    this.firstChild[node] = this.nodeCount;
    this.newNode(cx - half, cy - half, half);
    this.newNode(cx + half, cy - half, half);
    this.newNode(cx - half, cy + half, half);
    this.newNode(cx + half, cy + half, half);
  }

  private newNode(cx: number, cy: number, half: number): void {
    const n = this.nodeCount++;
    this.centerX[n] = cx;
    this.centerY[n] = cy;
    this.halfWidth[n] = half;
    this.widthSquared[n] = 4 * half * half;
    this.massX[n] = 0;
    this.massY[n] = 0;
    this.size[n] = 0;
    this.firstChild[n] = -1;
    this.point[n] = -1;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.capacity) return;
    const capacity = Math.max(needed, this.capacity * 2);
    const grow64 = (old: Float64Array) => {
      const next = new Float64Array(capacity);
      next.set(old);
      return next;
    };
    const grow32 = (old: Int32Array) => {
      const next = new Int32Array(capacity);
      next.set(old);
      return next;
    };
    this.centerX = grow64(this.centerX);
    this.centerY = grow64(this.centerY);
    this.halfWidth = grow64(this.halfWidth);
    this.widthSquared = grow64(this.widthSquared);
    this.massX = grow64(this.massX);
    this.massY = grow64(this.massY);
    this.size = grow32(this.size);
    this.firstChild = grow32(this.firstChild);
    this.point = grow32(this.point);
    this.capacity = capacity;
  }
}
