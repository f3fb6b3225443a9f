//go:build !purego

#include "textflag.h"

// The kernels add A·B to a block of C with one multiply (VMULPD) and one
// add (VADDPD) per term, in the order l = 0, 1, …, k−1, accumulating in
// registers: per element the same sequence of roundings as gonum's serial
// axpy kernels (c ← c + a·b), four doubles per instruction (AVX, no FMA).

// func kern4x8(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int)
TEXT ·kern4x8(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), R8
	MOVQ ars+16(FP), R12
	SHLQ $3, R12
	MOVQ acs+24(FP), R13
	SHLQ $3, R13
	MOVQ b+32(FP), BX
	MOVQ ldb+40(FP), R14
	SHLQ $3, R14
	MOVQ c+48(FP), DI
	MOVQ ldc+56(FP), R15
	SHLQ $3, R15
	LEAQ (R8)(R12*2), R9
	ADDQ R12, R9
	MOVQ DI, AX
	VMOVUPD (AX), Y0
	VMOVUPD 32(AX), Y1
	ADDQ R15, AX
	VMOVUPD (AX), Y2
	VMOVUPD 32(AX), Y3
	ADDQ R15, AX
	VMOVUPD (AX), Y4
	VMOVUPD 32(AX), Y5
	ADDQ R15, AX
	VMOVUPD (AX), Y6
	VMOVUPD 32(AX), Y7
	TESTQ CX, CX
	JE    done4

loop4:
	VMOVUPD      (BX), Y8
	VMOVUPD      32(BX), Y9
	VBROADCASTSD (R8), Y10
	VMULPD       Y8, Y10, Y11
	VADDPD       Y11, Y0, Y0
	VMULPD       Y9, Y10, Y12
	VADDPD       Y12, Y1, Y1
	VBROADCASTSD (R8)(R12*1), Y13
	VMULPD       Y8, Y13, Y14
	VADDPD       Y14, Y2, Y2
	VMULPD       Y9, Y13, Y15
	VADDPD       Y15, Y3, Y3
	VBROADCASTSD (R8)(R12*2), Y10
	VMULPD       Y8, Y10, Y11
	VADDPD       Y11, Y4, Y4
	VMULPD       Y9, Y10, Y12
	VADDPD       Y12, Y5, Y5
	VBROADCASTSD (R9), Y13
	VMULPD       Y8, Y13, Y14
	VADDPD       Y14, Y6, Y6
	VMULPD       Y9, Y13, Y15
	VADDPD       Y15, Y7, Y7
	ADDQ         R13, R8
	ADDQ         R13, R9
	ADDQ         R14, BX
	DECQ         CX
	JNZ          loop4

done4:
	MOVQ    DI, AX
	VMOVUPD Y0, (AX)
	VMOVUPD Y1, 32(AX)
	ADDQ    R15, AX
	VMOVUPD Y2, (AX)
	VMOVUPD Y3, 32(AX)
	ADDQ    R15, AX
	VMOVUPD Y4, (AX)
	VMOVUPD Y5, 32(AX)
	ADDQ    R15, AX
	VMOVUPD Y6, (AX)
	VMOVUPD Y7, 32(AX)
	VZEROUPPER
	RET

// func kern1x8(k int, a *float64, acs int, b *float64, ldb int, c *float64)
TEXT ·kern1x8(SB), NOSPLIT, $0-48
	MOVQ    k+0(FP), CX
	MOVQ    a+8(FP), R8
	MOVQ    acs+16(FP), R13
	SHLQ    $3, R13
	MOVQ    b+24(FP), BX
	MOVQ    ldb+32(FP), R14
	SHLQ    $3, R14
	MOVQ    c+40(FP), DI
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
	TESTQ   CX, CX
	JE      done1

loop1:
	VBROADCASTSD (R8), Y10
	VMULPD       (BX), Y10, Y11
	VADDPD       Y11, Y0, Y0
	VMULPD       32(BX), Y10, Y12
	VADDPD       Y12, Y1, Y1
	ADDQ         R13, R8
	ADDQ         R14, BX
	DECQ         CX
	JNZ          loop1

done1:
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VZEROUPPER
	RET

// func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eaxArg+0(FP), AX
	MOVL ecxArg+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET

// func kern4x4(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int)
TEXT ·kern4x4(SB), NOSPLIT, $0-64
	MOVQ    k+0(FP), CX
	MOVQ    a+8(FP), R8
	MOVQ    ars+16(FP), R12
	SHLQ    $3, R12
	MOVQ    acs+24(FP), R13
	SHLQ    $3, R13
	MOVQ    b+32(FP), BX
	MOVQ    ldb+40(FP), R14
	SHLQ    $3, R14
	MOVQ    c+48(FP), DI
	MOVQ    ldc+56(FP), R15
	SHLQ    $3, R15
	LEAQ    (R8)(R12*1), R9
	LEAQ    (R9)(R12*1), R10
	LEAQ    (R10)(R12*1), R11
	MOVQ    DI, AX
	VMOVUPD (AX), Y0
	ADDQ    R15, AX
	VMOVUPD (AX), Y2
	ADDQ    R15, AX
	VMOVUPD (AX), Y4
	ADDQ    R15, AX
	VMOVUPD (AX), Y6
	TESTQ   CX, CX
	JE      done44

loop44:
	VMOVUPD      (BX), Y8
	VBROADCASTSD (R8), Y10
	VMULPD       Y8, Y10, Y11
	VADDPD       Y11, Y0, Y0
	VBROADCASTSD (R9), Y13
	VMULPD       Y8, Y13, Y14
	VADDPD       Y14, Y2, Y2
	VBROADCASTSD (R10), Y10
	VMULPD       Y8, Y10, Y12
	VADDPD       Y12, Y4, Y4
	VBROADCASTSD (R11), Y13
	VMULPD       Y8, Y13, Y15
	VADDPD       Y15, Y6, Y6
	ADDQ         R13, R8
	ADDQ         R13, R9
	ADDQ         R13, R10
	ADDQ         R13, R11
	ADDQ         R14, BX
	DECQ         CX
	JNZ          loop44

done44:
	MOVQ    DI, AX
	VMOVUPD Y0, (AX)
	ADDQ    R15, AX
	VMOVUPD Y2, (AX)
	ADDQ    R15, AX
	VMOVUPD Y4, (AX)
	ADDQ    R15, AX
	VMOVUPD Y6, (AX)
	VZEROUPPER
	RET

// func kern1x4(k int, a *float64, acs int, b *float64, ldb int, c *float64)
TEXT ·kern1x4(SB), NOSPLIT, $0-48
	MOVQ    k+0(FP), CX
	MOVQ    a+8(FP), R8
	MOVQ    acs+16(FP), R13
	SHLQ    $3, R13
	MOVQ    b+24(FP), BX
	MOVQ    ldb+32(FP), R14
	SHLQ    $3, R14
	MOVQ    c+40(FP), DI
	VMOVUPD (DI), Y0
	TESTQ   CX, CX
	JE      done14

loop14:
	VBROADCASTSD (R8), Y10
	VMULPD       (BX), Y10, Y11
	VADDPD       Y11, Y0, Y0
	ADDQ         R13, R8
	ADDQ         R14, BX
	DECQ         CX
	JNZ          loop14

done14:
	VMOVUPD Y0, (DI)
	VZEROUPPER
	RET

// func dotNx8(k int, a *float64, bt *float64, ldb int, c *float64, nb int)
//
// For each of nb consecutive blocks of 8 columns (block b: bt+8b, c+8b),
// c[0:8] += Σ_l a[l]·bt[l·ldb + 0:8] grouped as gonum's DotUnitary groups
// a dot product: four partial sums S_{l mod 4} over the first 4⌊k/4⌋ terms,
// the remaining terms added to S_0, then (S_0 + S_2) + (S_1 + S_3).
TEXT ·dotNx8(SB), NOSPLIT, $0-48
	MOVQ  k+0(FP), R10
	MOVQ  a+8(FP), R9
	MOVQ  bt+16(FP), R11
	MOVQ  ldb+24(FP), R14
	SHLQ  $3, R14
	MOVQ  c+32(FP), DI
	MOVQ  nb+40(FP), R8
	TESTQ R8, R8
	JE    nend

nblock:
	MOVQ   R10, CX
	MOVQ   R9, SI
	MOVQ   R11, BX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	MOVQ   CX, DX
	SHRQ   $2, DX
	ANDQ   $3, CX
	TESTQ  DX, DX
	JE     ntail

ngroup:
	VBROADCASTSD (SI), Y10
	VMULPD       (BX), Y10, Y11
	VADDPD       Y11, Y0, Y0
	VMULPD       32(BX), Y10, Y12
	VADDPD       Y12, Y1, Y1
	ADDQ         R14, BX
	VBROADCASTSD 8(SI), Y13
	VMULPD       (BX), Y13, Y14
	VADDPD       Y14, Y2, Y2
	VMULPD       32(BX), Y13, Y15
	VADDPD       Y15, Y3, Y3
	ADDQ         R14, BX
	VBROADCASTSD 16(SI), Y10
	VMULPD       (BX), Y10, Y11
	VADDPD       Y11, Y4, Y4
	VMULPD       32(BX), Y10, Y12
	VADDPD       Y12, Y5, Y5
	ADDQ         R14, BX
	VBROADCASTSD 24(SI), Y13
	VMULPD       (BX), Y13, Y14
	VADDPD       Y14, Y6, Y6
	VMULPD       32(BX), Y13, Y15
	VADDPD       Y15, Y7, Y7
	ADDQ         R14, BX
	ADDQ         $32, SI
	DECQ         DX
	JNZ          ngroup

ntail:
	TESTQ CX, CX
	JE    nsum

ntailloop:
	VBROADCASTSD (SI), Y10
	VMULPD       (BX), Y10, Y11
	VADDPD       Y11, Y0, Y0
	VMULPD       32(BX), Y10, Y12
	VADDPD       Y12, Y1, Y1
	ADDQ         R14, BX
	ADDQ         $8, SI
	DECQ         CX
	JNZ          ntailloop

nsum:
	VADDPD  Y4, Y0, Y0
	VADDPD  Y5, Y1, Y1
	VADDPD  Y6, Y2, Y2
	VADDPD  Y7, Y3, Y3
	VADDPD  Y2, Y0, Y0
	VADDPD  Y3, Y1, Y1
	VMOVUPD (DI), Y8
	VADDPD  Y0, Y8, Y8
	VMOVUPD Y8, (DI)
	VMOVUPD 32(DI), Y9
	VADDPD  Y1, Y9, Y9
	VMOVUPD Y9, 32(DI)
	ADDQ    $64, DI
	ADDQ    $64, R11
	DECQ    R8
	JNZ     nblock

nend:
	VZEROUPPER
	RET

DATA poolconst<>+0(SB)/8, $0xfff0000000000000
DATA poolconst<>+8(SB)/8, $-1.0
DATA poolconst<>+16(SB)/8, $0.0
DATA poolconst<>+24(SB)/8, $1.0
DATA poolconst<>+32(SB)/8, $2.0
DATA poolconst<>+40(SB)/8, $3.0
GLOBL poolconst<>(SB), RODATA|NOPTR, $48

// func pool2x2(nw, c int, r0, r1, y *float64, pos *int32)
//
// For nw consecutive 2×2 windows (rows r0 and r1, channels innermost, c a
// multiple of 4; window w starts at r0+2wc and r1+2wc): y[wc + ch] is the
// first maximum over the window positions p = 0 (r0), 1 (r0+c), 2 (r1),
// 3 (r1+c) by strict ordered > from −∞ (NaN never wins), and pos[wc + ch]
// is its p, or −1 when no value is > −∞.
TEXT ·pool2x2(SB), NOSPLIT, $0-48
	MOVQ         nw+0(FP), CX
	MOVQ         c+8(FP), DX
	MOVQ         r0+16(FP), SI
	MOVQ         r1+24(FP), BX
	MOVQ         y+32(FP), DI
	MOVQ         pos+40(FP), R8
	LEAQ         poolconst<>(SB), AX
	VBROADCASTSD 0(AX), Y10
	VBROADCASTSD 8(AX), Y11
	VBROADCASTSD 16(AX), Y12
	VBROADCASTSD 24(AX), Y13
	VBROADCASTSD 32(AX), Y14
	VBROADCASTSD 40(AX), Y15
	MOVQ         DX, R9
	SHLQ         $3, R9
	TESTQ        CX, CX
	JE           pdone

pwin:
	MOVQ DX, R10
	SHRQ $2, R10
	XORQ R11, R11

pgrp:
	VMOVUPD   (SI)(R11*8), Y0
	VCMPPD    $0x1e, Y10, Y0, Y4
	VBLENDVPD Y4, Y0, Y10, Y1
	VBLENDVPD Y4, Y12, Y11, Y2
	LEAQ      (SI)(R9*1), AX
	VMOVUPD   (AX)(R11*8), Y0
	VCMPPD    $0x1e, Y1, Y0, Y4
	VBLENDVPD Y4, Y0, Y1, Y1
	VBLENDVPD Y4, Y13, Y2, Y2
	VMOVUPD   (BX)(R11*8), Y0
	VCMPPD    $0x1e, Y1, Y0, Y4
	VBLENDVPD Y4, Y0, Y1, Y1
	VBLENDVPD Y4, Y14, Y2, Y2
	LEAQ      (BX)(R9*1), AX
	VMOVUPD   (AX)(R11*8), Y0
	VCMPPD    $0x1e, Y1, Y0, Y4
	VBLENDVPD Y4, Y0, Y1, Y1
	VBLENDVPD Y4, Y15, Y2, Y2
	VMOVUPD   Y1, (DI)(R11*8)
	VCVTTPD2DQY Y2, X3
	VMOVDQU   X3, (R8)(R11*4)
	ADDQ      $4, R11
	DECQ      R10
	JNZ       pgrp

	LEAQ (SI)(R9*2), SI
	LEAQ (BX)(R9*2), BX
	ADDQ R9, DI
	LEAQ (R8)(DX*4), R8
	DECQ CX
	JNZ  pwin

pdone:
	VZEROUPPER
	RET

// func copyRuns(dst, src *float64, nw, k, kc, rs, cs int)
//
// For w < nw and h < k in that order, copies the kc values at
// src + w·cs + h·rs to dst, advancing dst by kc each time (the im2col
// rows of nw output pixels; strides in elements).
TEXT ·copyRuns(SB), NOSPLIT, $0-56
	MOVQ  dst+0(FP), DI
	MOVQ  src+8(FP), SI
	MOVQ  nw+16(FP), CX
	MOVQ  k+24(FP), R8
	MOVQ  kc+32(FP), R9
	MOVQ  rs+40(FP), R10
	SHLQ  $3, R10
	MOVQ  cs+48(FP), R11
	SHLQ  $3, R11
	TESTQ CX, CX
	JE    cdone
	TESTQ R8, R8
	JE    cdone

cwin:
	MOVQ SI, R12
	MOVQ R8, R13

crun:
	MOVQ R12, AX
	MOVQ R9, DX
	CMPQ DX, $4
	JB   ctail

cvec:
	VMOVUPD (AX), Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, AX
	ADDQ    $32, DI
	SUBQ    $4, DX
	CMPQ    DX, $4
	JAE     cvec

ctail:
	TESTQ DX, DX
	JE    cnext

ctailloop:
	MOVQ (AX), BX
	MOVQ BX, (DI)
	ADDQ $8, AX
	ADDQ $8, DI
	DECQ DX
	JNZ  ctailloop

cnext:
	ADDQ R10, R12
	DECQ R13
	JNZ  crun
	ADDQ R11, SI
	DECQ CX
	JNZ  cwin

cdone:
	VZEROUPPER
	RET

// func addRuns(dst, src *float64, nw, k, kc, rs, cs int)
//
// The adjoint of copyRuns: for w < nw and h < k in that order, adds the
// next kc values of src (consecutive runs) to dst + w·cs + h·rs, one add
// per element (dst ← dst + src).
TEXT ·addRuns(SB), NOSPLIT, $0-56
	MOVQ  dst+0(FP), DI
	MOVQ  src+8(FP), SI
	MOVQ  nw+16(FP), CX
	MOVQ  k+24(FP), R8
	MOVQ  kc+32(FP), R9
	MOVQ  rs+40(FP), R10
	SHLQ  $3, R10
	MOVQ  cs+48(FP), R11
	SHLQ  $3, R11
	TESTQ CX, CX
	JE    adone
	TESTQ R8, R8
	JE    adone

awin:
	MOVQ DI, R12
	MOVQ R8, R13

arun:
	MOVQ R12, AX
	MOVQ R9, DX
	CMPQ DX, $4
	JB   atail

avec:
	VMOVUPD (AX), Y0
	VADDPD  (SI), Y0, Y0
	VMOVUPD Y0, (AX)
	ADDQ    $32, AX
	ADDQ    $32, SI
	SUBQ    $4, DX
	CMPQ    DX, $4
	JAE     avec

atail:
	TESTQ DX, DX
	JE    anext

atailloop:
	VMOVSD (AX), X0
	VADDSD (SI), X0, X0
	VMOVSD X0, (AX)
	ADDQ   $8, AX
	ADDQ   $8, SI
	DECQ   DX
	JNZ    atailloop

anext:
	ADDQ R10, R12
	DECQ R13
	JNZ  arun
	ADDQ R11, DI
	DECQ CX
	JNZ  awin

adone:
	VZEROUPPER
	RET
