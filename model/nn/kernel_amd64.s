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

// func dot1x8(k int, a *float64, bt *float64, ldb int, c *float64)
//
// c[0:8] += Σ_l a[l]·bt[l·ldb + 0:8] grouped as gonum's DotUnitary groups
// a dot product: four partial sums S_{l mod 4} over the first 4⌊k/4⌋ terms,
// the remaining terms added to S_0, then (S_0 + S_2) + (S_1 + S_3).
TEXT ·dot1x8(SB), NOSPLIT, $0-40
	MOVQ   k+0(FP), CX
	MOVQ   a+8(FP), SI
	MOVQ   bt+16(FP), BX
	MOVQ   ldb+24(FP), R14
	SHLQ   $3, R14
	MOVQ   c+32(FP), DI
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
	JE     dtail

dgroup:
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
	JNZ          dgroup

dtail:
	TESTQ CX, CX
	JE    dend

dtailloop:
	VBROADCASTSD (SI), Y10
	VMULPD       (BX), Y10, Y11
	VADDPD       Y11, Y0, Y0
	VMULPD       32(BX), Y10, Y12
	VADDPD       Y12, Y1, Y1
	ADDQ         R14, BX
	ADDQ         $8, SI
	DECQ         CX
	JNZ          dtailloop

dend:
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
	VZEROUPPER
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
