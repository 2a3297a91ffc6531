;; Scores of n int8 vectors against one int8 query: out[i] = f32(dot(vec_i, query)) * scale[i].
;; The query and the vectors are int8 in [-127, 127]; 16 lanes at a time: two 8-lane i16 products
;; (|127 * 127| * 2 < 32767, so their i16 sum cannot overflow), widened pairwise into 4 i32 lanes.
;; `dim` must be a multiple of 16 (the store pads vectors). The host owns the memory layout.
(module
  (memory (export "memory") 1)
  (func (export "scores")
    (param $vec i32) (param $n i32) (param $dim i32) (param $query i32) (param $scales i32) (param $out i32)
    (local $i i32) (local $j i32) (local $acc v128) (local $a v128) (local $b v128)
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $row
            (br_if $row_done (i32.ge_u (local.get $j) (local.get $dim)))
            (local.set $a (v128.load (i32.add (local.get $vec) (local.get $j))))
            (local.set $b (v128.load (i32.add (local.get $query) (local.get $j))))
            (local.set $acc
              (i32x4.add (local.get $acc)
                (i32x4.extadd_pairwise_i16x8_s
                  (i16x8.add
                    (i16x8.extmul_low_i8x16_s (local.get $a) (local.get $b))
                    (i16x8.extmul_high_i8x16_s (local.get $a) (local.get $b))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $row)))
        (f32.store (local.get $out)
          (f32.mul
            (f32.convert_i32_s
              (i32.add
                (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
                (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
            (f32.load (local.get $scales))))
        (local.set $vec (i32.add (local.get $vec) (local.get $dim)))
        (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $vectors))))
)
