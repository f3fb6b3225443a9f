//go:build !purego

#include "textflag.h"

// func panel3(d *float64, ldd int, y *float64, lds int, a *float64, lda int, npairs int, n int)
//
// For r < 3 and i < 2·npairs: d[r·ldd + i] = Σ_{k<n, k even} y[r·lds+k]·a[i·lda+k]
// + Σ_{k<n, k odd} y[r·lds+k]·a[i·lda+k], each sum accumulated in k order
// (one SSE2 lane each) and the two added at the end. n is even and > 0. The pure-Go
// dotEO computes the same thing bit for bit.
TEXT ·panel3(SB), NOSPLIT, $0-64
	MOVQ d+0(FP), AX
	MOVQ ldd+8(FP), BX
	MOVQ y+16(FP), CX
	MOVQ lds+24(FP), DX
	MOVQ a+32(FP), SI
	MOVQ lda+40(FP), R10
	MOVQ npairs+48(FP), R12
	MOVQ n+56(FP), R13
	TESTQ R12, R12
	JLE  done

	SHLQ $3, BX
	LEAQ (AX)(BX*1), DI // d1
	LEAQ (DI)(BX*1), BX // d2
	SHLQ $3, DX
	LEAQ (CX)(DX*1), R8 // y1
	LEAQ (R8)(DX*1), R9 // y2
	SHLQ $3, R10
	LEAQ (SI)(R10*1), R11 // a1
	SHLQ $1, R10          // two rows of a
	SHLQ $3, R13          // n in bytes

pairloop:
	XORPS X0, X0
	XORPS X1, X1
	XORPS X2, X2
	XORPS X3, X3
	XORPS X4, X4
	XORPS X5, X5
	XORQ  R14, R14

kloop:
	MOVUPD (CX)(R14*1), X6
	MOVUPD (R8)(R14*1), X7
	MOVUPD (R9)(R14*1), X8
	MOVUPD (SI)(R14*1), X9
	MOVUPD (R11)(R14*1), X10
	MOVAPD X6, X11
	MULPD  X9, X11
	ADDPD  X11, X0
	MULPD  X10, X6
	ADDPD  X6, X1
	MOVAPD X7, X12
	MULPD  X9, X12
	ADDPD  X12, X2
	MULPD  X10, X7
	ADDPD  X7, X3
	MOVAPD X8, X13
	MULPD  X9, X13
	ADDPD  X13, X4
	MULPD  X10, X8
	ADDPD  X8, X5
	ADDQ   $16, R14
	CMPQ   R14, R13
	JLT    kloop

kdone:
	MOVAPD   X0, X6
	UNPCKHPD X6, X6
	ADDSD    X6, X0
	MOVSD    X0, (AX)
	MOVAPD   X1, X6
	UNPCKHPD X6, X6
	ADDSD    X6, X1
	MOVSD    X1, 8(AX)
	MOVAPD   X2, X6
	UNPCKHPD X6, X6
	ADDSD    X6, X2
	MOVSD    X2, (DI)
	MOVAPD   X3, X6
	UNPCKHPD X6, X6
	ADDSD    X6, X3
	MOVSD    X3, 8(DI)
	MOVAPD   X4, X6
	UNPCKHPD X6, X6
	ADDSD    X6, X4
	MOVSD    X4, (BX)
	MOVAPD   X5, X6
	UNPCKHPD X6, X6
	ADDSD    X6, X5
	MOVSD    X5, 8(BX)

	ADDQ $16, AX
	ADDQ $16, DI
	ADDQ $16, BX
	ADDQ R10, SI
	ADDQ R10, R11
	DECQ R12
	JNZ  pairloop

done:
	RET
