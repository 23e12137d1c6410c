;; The workbench's own WebAssembly kernels: f32x4 SIMD parameter updates and a blocked transpose.
;; The module imports the memory of tfjs-backend-wasm, so every argument is a byte offset of a
;; tensor in that heap and nothing is copied. Outputs never alias inputs, except that adam writes
;; the moments m and v over themselves (each element is read before it is written).
;; After editing, regenerate kernels-binary.ts: npm run build:kernels
(module
  (import "env" "memory" (memory 1))

  ;; m' = b1 m + (1-b1) g;  v' = b2 v + (1-b2) g²;  p' = p - step · m' / (√v' + eps)
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32)
    (param $pOut i32) (param $mOut i32) (param $vOut i32) (param $n i32)
    (param $b1 f32) (param $b2 f32) (param $step f32) (param $eps f32)
    (local $o i32) (local $vecEnd i32) (local $end i32)
    (local $B1 v128) (local $C1 v128) (local $B2 v128) (local $C2 v128) (local $S v128) (local $E v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $C1 (f32x4.splat (f32.sub (f32.const 1) (local.get $b1))))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $C2 (f32x4.splat (f32.sub (f32.const 1) (local.get $b2))))
    (local.set $S (f32x4.splat (local.get $step)))
    (local.set $E (f32x4.splat (local.get $eps)))
    (local.set $vecEnd (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $o) (local.get $vecEnd)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $o))))
        (local.set $mv (f32x4.add
          (f32x4.mul (local.get $B1) (v128.load (i32.add (local.get $m) (local.get $o))))
          (f32x4.mul (local.get $C1) (local.get $gv))))
        (local.set $vv (f32x4.add
          (f32x4.mul (local.get $B2) (v128.load (i32.add (local.get $v) (local.get $o))))
          (f32x4.mul (local.get $C2) (f32x4.mul (local.get $gv) (local.get $gv)))))
        (v128.store (i32.add (local.get $mOut) (local.get $o)) (local.get $mv))
        (v128.store (i32.add (local.get $vOut) (local.get $o)) (local.get $vv))
        (v128.store (i32.add (local.get $pOut) (local.get $o))
          (f32x4.sub
            (v128.load (i32.add (local.get $p) (local.get $o)))
            (f32x4.div
              (f32x4.mul (local.get $S) (local.get $mv))
              (f32x4.add (f32x4.sqrt (local.get $vv)) (local.get $E)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $o))))
        (local.set $ms (f32.add
          (f32.mul (local.get $b1) (f32.load (i32.add (local.get $m) (local.get $o))))
          (f32.mul (f32.sub (f32.const 1) (local.get $b1)) (local.get $gs))))
        (local.set $vs (f32.add
          (f32.mul (local.get $b2) (f32.load (i32.add (local.get $v) (local.get $o))))
          (f32.mul (f32.sub (f32.const 1) (local.get $b2)) (f32.mul (local.get $gs) (local.get $gs)))))
        (f32.store (i32.add (local.get $mOut) (local.get $o)) (local.get $ms))
        (f32.store (i32.add (local.get $vOut) (local.get $o)) (local.get $vs))
        (f32.store (i32.add (local.get $pOut) (local.get $o))
          (f32.sub
            (f32.load (i32.add (local.get $p) (local.get $o)))
            (f32.div
              (f32.mul (local.get $step) (local.get $ms))
              (f32.add (f32.sqrt (local.get $vs)) (local.get $eps)))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $tail))))

  ;; inc' = momentum · inc + term - decay · p;  p' = p + inc'
  (func (export "momentum")
    (param $p i32) (param $inc i32) (param $term i32)
    (param $pOut i32) (param $incOut i32) (param $n i32)
    (param $momentum f32) (param $decay f32)
    (local $o i32) (local $vecEnd i32) (local $end i32)
    (local $M v128) (local $D v128) (local $pv v128) (local $next v128)
    (local $ps f32) (local $nexts f32)
    (local.set $M (f32x4.splat (local.get $momentum)))
    (local.set $D (f32x4.splat (local.get $decay)))
    (local.set $vecEnd (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $o) (local.get $vecEnd)))
        (local.set $pv (v128.load (i32.add (local.get $p) (local.get $o))))
        (local.set $next (f32x4.sub
          (f32x4.add
            (f32x4.mul (local.get $M) (v128.load (i32.add (local.get $inc) (local.get $o))))
            (v128.load (i32.add (local.get $term) (local.get $o))))
          (f32x4.mul (local.get $D) (local.get $pv))))
        (v128.store (i32.add (local.get $incOut) (local.get $o)) (local.get $next))
        (v128.store (i32.add (local.get $pOut) (local.get $o)) (f32x4.add (local.get $pv) (local.get $next)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $ps (f32.load (i32.add (local.get $p) (local.get $o))))
        (local.set $nexts (f32.sub
          (f32.add
            (f32.mul (local.get $momentum) (f32.load (i32.add (local.get $inc) (local.get $o))))
            (f32.load (i32.add (local.get $term) (local.get $o))))
          (f32.mul (local.get $decay) (local.get $ps))))
        (f32.store (i32.add (local.get $incOut) (local.get $o)) (local.get $nexts))
        (f32.store (i32.add (local.get $pOut) (local.get $o)) (f32.add (local.get $ps) (local.get $nexts)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $tail))))

  ;; dst (cols x rows) = srcᵀ, src (rows x cols): 4x4 blocks by shuffles, scalar edges. The blocks
  ;; go tile by tile (32x32), so each tile's reads and writes stay in a few cache lines per row:
  ;; block rows straight across a large matrix write every 16 bytes to a new page, which is 3-7x
  ;; slower when the output is not yet in cache (as a freshly allocated tensor is not).
  (func (export "transpose") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $i i32) (local $j i32) (local $rows4 i32) (local $cols4 i32)
    (local $ti i32) (local $tj i32) (local $iEnd i32) (local $jEnd i32)
    (local $srcStride i32) (local $dstStride i32) (local $s i32) (local $d i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $srcStride (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $dstStride (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $ti (i32.const 0))
    (block $rowTilesDone
      (loop $rowTiles
        (br_if $rowTilesDone (i32.ge_u (local.get $ti) (local.get $rows4)))
        (local.set $iEnd (select (local.get $rows4) (i32.add (local.get $ti) (i32.const 32))
          (i32.gt_u (i32.add (local.get $ti) (i32.const 32)) (local.get $rows4))))
        (local.set $tj (i32.const 0))
        (block $colTilesDone
          (loop $colTiles
            (br_if $colTilesDone (i32.ge_u (local.get $tj) (local.get $cols4)))
            (local.set $jEnd (select (local.get $cols4) (i32.add (local.get $tj) (i32.const 32))
              (i32.gt_u (i32.add (local.get $tj) (i32.const 32)) (local.get $cols4))))
            (local.set $j (local.get $tj))
            (block $blockColsDone
              (loop $blockCols
                (br_if $blockColsDone (i32.ge_u (local.get $j) (local.get $jEnd)))
                (local.set $i (local.get $ti))
                (block $blockRowsDone
                  (loop $blockRows
                    (br_if $blockRowsDone (i32.ge_u (local.get $i) (local.get $iEnd)))
                    (local.set $s (i32.add (local.get $src)
                      (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2))))
                    (local.set $r0 (v128.load (local.get $s)))
                    (local.set $r1 (v128.load (i32.add (local.get $s) (local.get $srcStride))))
                    (local.set $r2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $srcStride) (i32.const 1)))))
                    (local.set $r3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $srcStride) (i32.const 3)))))
                    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
                    (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
                    (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
                    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
                    (local.set $d (i32.add (local.get $dst)
                      (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2))))
                    (v128.store (local.get $d)
                      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
                    (v128.store (i32.add (local.get $d) (local.get $dstStride))
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
                    (v128.store (i32.add (local.get $d) (i32.shl (local.get $dstStride) (i32.const 1)))
                      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
                    (v128.store (i32.add (local.get $d) (i32.mul (local.get $dstStride) (i32.const 3)))
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
                    (local.set $i (i32.add (local.get $i) (i32.const 4)))
                    (br $blockRows)))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $blockCols)))
            (local.set $tj (i32.add (local.get $tj) (i32.const 32)))
            (br $colTiles)))
        (local.set $ti (i32.add (local.get $ti) (i32.const 32)))
        (br $rowTiles)))
    ;; columns past the last full block, for the rows the blocks covered
    (local.set $i (i32.const 0))
    (block $edgeColsDone
      (loop $edgeRows
        (br_if $edgeColsDone (i32.ge_u (local.get $i) (local.get $rows4)))
        (local.set $j (local.get $cols4))
        (block $rowDone
          (loop $edgeCols
            (br_if $rowDone (i32.ge_u (local.get $j) (local.get $cols)))
            (f32.store
              (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2)))
              (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $edgeCols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $edgeRows)))
    ;; rows past the last full block, every column
    (local.set $i (local.get $rows4))
    (block $edgeRowsDone
      (loop $lastRows
        (br_if $edgeRowsDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $lastRowDone
          (loop $lastCols
            (br_if $lastRowDone (i32.ge_u (local.get $j) (local.get $cols)))
            (f32.store
              (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2)))
              (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $lastCols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $lastRows))))

  ;; dst[j] = sum over i of src[i][j], src (rows x cols): the rows are added in order into dst,
  ;; four columns at a time; dst (one row) stays in cache while src streams through once.
  (func (export "columnSums") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $i i32) (local $o i32) (local $row i32) (local $vecEnd i32) (local $end i32)
    (local.set $vecEnd (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $cols) (i32.const 2)))
    (memory.fill (local.get $dst) (i32.const 0) (local.get $end))
    (local.set $row (local.get $src))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $o (i32.const 0))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $o) (local.get $vecEnd)))
            (v128.store (i32.add (local.get $dst) (local.get $o))
              (f32x4.add
                (v128.load (i32.add (local.get $dst) (local.get $o)))
                (v128.load (i32.add (local.get $row) (local.get $o)))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
            (f32.store (i32.add (local.get $dst) (local.get $o))
              (f32.add
                (f32.load (i32.add (local.get $dst) (local.get $o)))
                (f32.load (i32.add (local.get $row) (local.get $o)))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (br $tail)))
        (local.set $row (i32.add (local.get $row) (local.get $end)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowLoop))))

  ;; out = upstream · y (1 - y): the gradient through logistic units with outputs y.
  (func (export "sigmoidBackward") (param $upstream i32) (param $y i32) (param $out i32) (param $n i32)
    (local $o i32) (local $vecEnd i32) (local $end i32) (local $yv v128) (local $ys f32)
    (local.set $vecEnd (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $o) (local.get $vecEnd)))
        (local.set $yv (v128.load (i32.add (local.get $y) (local.get $o))))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.mul (v128.load (i32.add (local.get $upstream) (local.get $o)))
            (f32x4.mul (local.get $yv) (f32x4.sub (f32x4.splat (f32.const 1)) (local.get $yv)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $ys (f32.load (i32.add (local.get $y) (local.get $o))))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.mul (f32.load (i32.add (local.get $upstream) (local.get $o)))
            (f32.mul (local.get $ys) (f32.sub (f32.const 1) (local.get $ys)))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $tail))))

  ;; e^-a for a >= 0, four lanes: n = round(-a log2 e), f = -a - n ln2 (ln2 in two parts), e^f by
  ;; the Cephes expf polynomial (relative error about 1e-7), 2^n built in the exponent bits. From
  ;; a = 87 on the result is 0 (the true value is below 2e-38: no denormals, which are slow).
  (func $expNegative (param $a v128) (result v128)
    (local $n v128) (local $f v128) (local $p v128) (local $inRange v128)
    (local.set $inRange (f32x4.lt (local.get $a) (f32x4.splat (f32.const 87))))
    (local.set $a (f32x4.min (local.get $a) (f32x4.splat (f32.const 87))))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $a) (f32x4.splat (f32.const -1.44269504)))))
    (local.set $f (f32x4.sub
      (f32x4.sub (f32x4.neg (local.get $a)) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693359375))))
      (f32x4.mul (local.get $n) (f32x4.splat (f32.const -2.12194440e-4)))))
    (local.set $p (f32x4.add (f32x4.mul (f32x4.splat (f32.const 1.9875691500e-4)) (local.get $f)) (f32x4.splat (f32.const 1.3981999507e-3))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $f)) (f32x4.splat (f32.const 8.3334519073e-3))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $f)) (f32x4.splat (f32.const 4.1665795894e-2))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $f)) (f32x4.splat (f32.const 1.6666665459e-1))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $f)) (f32x4.splat (f32.const 5.0000001201e-1))))
    (local.set $p (f32x4.add
      (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $f) (local.get $f))) (local.get $f))
      (f32x4.splat (f32.const 1))))
    (v128.and (local.get $inRange) (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32x4.splat (i32.const 127))) (i32.const 23)))))

  ;; ln(1 + t) for t in [0, 1], four lanes: with y = t / (2 + t) <= 1/3, ln(1 + t) = 2 atanh(y) =
  ;; 2y (1 + y²/3 + y⁴/5 + ... + y¹⁴/15); the next term is below 2e-9 of the sum.
  (func $log1pUnit (param $t v128) (result v128)
    (local $y v128) (local $y2 v128) (local $s v128)
    (local.set $y (f32x4.div (local.get $t) (f32x4.add (local.get $t) (f32x4.splat (f32.const 2)))))
    (local.set $y2 (f32x4.mul (local.get $y) (local.get $y)))
    (local.set $s (f32x4.splat (f32.const 0.0666666667)))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $y2)) (f32x4.splat (f32.const 0.0769230769))))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $y2)) (f32x4.splat (f32.const 0.0909090909))))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $y2)) (f32x4.splat (f32.const 0.111111111))))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $y2)) (f32x4.splat (f32.const 0.142857143))))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $y2)) (f32x4.splat (f32.const 0.2))))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $y2)) (f32x4.splat (f32.const 0.333333333))))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $y2)) (f32x4.splat (f32.const 1))))
    (f32x4.mul (f32x4.add (local.get $y) (local.get $y)) (local.get $s)))

  ;; The output layer's terms in one pass, for logits z and targets x (n a multiple of 4):
  ;;   residual[i] = scale (σ(z) - x),  crossEntropy = Σ max(z,0) - z x + ln(1 + e^-|z|),
  ;;   squaredError = Σ (σ(z) - x)², both sums accumulated in double precision.
  (func (export "logisticOutput")
    (param $z i32) (param $x i32) (param $residual i32) (param $crossEntropy i32) (param $squaredError i32)
    (param $n i32) (param $scale f32)
    (local $o i32) (local $end i32)
    (local $zv v128) (local $xv v128) (local $t v128) (local $inverse v128) (local $r v128) (local $ce v128)
    (local $ceSum v128) (local $sqSum v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $zv (v128.load (i32.add (local.get $z) (local.get $o))))
        (local.set $xv (v128.load (i32.add (local.get $x) (local.get $o))))
        (local.set $t (call $expNegative (f32x4.abs (local.get $zv))))
        (local.set $inverse (f32x4.div (f32x4.splat (f32.const 1)) (f32x4.add (local.get $t) (f32x4.splat (f32.const 1)))))
        ;; σ(z) = 1/(1+e^-z) for z >= 0, e^z/(1+e^z) below: exact in both tails
        (local.set $r (f32x4.sub
          (v128.bitselect (local.get $inverse) (f32x4.mul (local.get $t) (local.get $inverse))
            (f32x4.ge (local.get $zv) (f32x4.splat (f32.const 0))))
          (local.get $xv)))
        (v128.store (i32.add (local.get $residual) (local.get $o)) (f32x4.mul (local.get $r) (f32x4.splat (local.get $scale))))
        (local.set $ce (f32x4.add
          (f32x4.sub (f32x4.max (local.get $zv) (f32x4.splat (f32.const 0))) (f32x4.mul (local.get $zv) (local.get $xv)))
          (call $log1pUnit (local.get $t))))
        (local.set $r (f32x4.mul (local.get $r) (local.get $r)))
        (local.set $ceSum (f64x2.add (local.get $ceSum) (f64x2.add
          (f64x2.promote_low_f32x4 (local.get $ce))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $ce) (local.get $ce))))))
        (local.set $sqSum (f64x2.add (local.get $sqSum) (f64x2.add
          (f64x2.promote_low_f32x4 (local.get $r))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $r) (local.get $r))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vec)))
    (f32.store (local.get $crossEntropy) (f32.demote_f64
      (f64.add (f64x2.extract_lane 0 (local.get $ceSum)) (f64x2.extract_lane 1 (local.get $ceSum)))))
    (f32.store (local.get $squaredError) (f32.demote_f64
      (f64.add (f64x2.extract_lane 0 (local.get $sqSum)) (f64x2.extract_lane 1 (local.get $sqSum))))))

  ;; lowbias32 (Wellons): a 32-bit integer hash with good avalanche.
  (func $hash (param $x i32) (result i32)
    (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 16))))
    (local.set $x (i32.mul (local.get $x) (i32.const 0x7feb352d)))
    (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 15))))
    (local.set $x (i32.mul (local.get $x) (i32.const 0x846ca68b)))
    (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 16))))

  (func $hash4 (param $x v128) (result v128)
    (local.set $x (v128.xor (local.get $x) (i32x4.shr_u (local.get $x) (i32.const 16))))
    (local.set $x (i32x4.mul (local.get $x) (i32x4.splat (i32.const 0x7feb352d))))
    (local.set $x (v128.xor (local.get $x) (i32x4.shr_u (local.get $x) (i32.const 15))))
    (local.set $x (i32x4.mul (local.get $x) (i32x4.splat (i32.const 0x846ca68b))))
    (v128.xor (local.get $x) (i32x4.shr_u (local.get $x) (i32.const 16))))

  ;; out[i] = 1 if p[i] > u_i else 0, with u_i = hash(hash(i ^ k) + k) / 2^32 (24 bits), k = hash(seed):
  ;; a binary sample of every unit from one seed, the same on every run.
  (func (export "bernoulli") (param $p i32) (param $out i32) (param $n i32) (param $seed i32)
    (local $key i32) (local $o i32) (local $i i32) (local $vecEnd i32) (local $end i32)
    (local $index v128) (local $keys v128) (local $u v128)
    (local.set $key (call $hash (local.get $seed)))
    (local.set $keys (i32x4.splat (local.get $key)))
    (local.set $index (v128.const i32x4 0 1 2 3))
    (local.set $vecEnd (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $o) (local.get $vecEnd)))
        (local.set $u (f32x4.mul
          (f32x4.convert_i32x4_u (i32x4.shr_u
            (call $hash4 (i32x4.add (call $hash4 (v128.xor (local.get $index) (local.get $keys))) (local.get $keys)))
            (i32.const 8)))
          (f32x4.splat (f32.const 0x1p-24))))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (v128.and
            (f32x4.gt (v128.load (i32.add (local.get $p) (local.get $o))) (local.get $u))
            (f32x4.splat (f32.const 1))))
        (local.set $index (i32x4.add (local.get $index) (i32x4.splat (i32.const 4))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vec)))
    (local.set $i (i32.shr_u (local.get $o) (i32.const 2)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (select (f32.const 1) (f32.const 0)
            (f32.gt
              (f32.load (i32.add (local.get $p) (local.get $o)))
              (f32.mul
                (f32.convert_i32_u (i32.shr_u
                  (call $hash (i32.add (call $hash (i32.xor (local.get $i) (local.get $key))) (local.get $key)))
                  (i32.const 8)))
                (f32.const 0x1p-24)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $tail))))
)
