//go:build !purego

#include "textflag.h"

// Constants of tanhAVX2 (see tanh.go for the algorithm and sources).
DATA tanhc<>+0(SB)/8, $0x7fffffffffffffff  // |x| mask
DATA tanhc<>+8(SB)/8, $0x8000000000000000  // sign mask
DATA tanhc<>+16(SB)/8, $22.0               // clamp
DATA tanhc<>+24(SB)/8, $1.4426950408889634 // log2(e)
DATA tanhc<>+32(SB)/8, $6.93145751953125e-1 // C1
DATA tanhc<>+40(SB)/8, $1.42860682030941723212e-6 // C2
DATA tanhc<>+48(SB)/8, $1.26177193074810590878e-4 // expP0
DATA tanhc<>+56(SB)/8, $3.02994407707441961300e-2 // expP1
DATA tanhc<>+64(SB)/8, $9.99999999999999999910e-1 // expP2
DATA tanhc<>+72(SB)/8, $3.00198505138664455042e-6 // expQ0
DATA tanhc<>+80(SB)/8, $2.52448340349684104192e-3 // expQ1
DATA tanhc<>+88(SB)/8, $2.27265548208155028766e-1 // expQ2
DATA tanhc<>+96(SB)/8, $2.00000000000000000009e0  // expQ3
DATA tanhc<>+104(SB)/8, $1.0
DATA tanhc<>+112(SB)/8, $2.0
DATA tanhc<>+120(SB)/8, $4503599627371519.0 // 2^52 + 1023
DATA tanhc<>+128(SB)/8, $0.625
DATA tanhc<>+136(SB)/8, $-9.64399179425052238628e-1 // tanhP0
DATA tanhc<>+144(SB)/8, $-9.92877231001918586564e1  // tanhP1
DATA tanhc<>+152(SB)/8, $-1.61468768441708447952e3  // tanhP2
DATA tanhc<>+160(SB)/8, $1.12811678491632931402e2   // tanhQ0
DATA tanhc<>+168(SB)/8, $2.23548839060100448583e3   // tanhQ1
DATA tanhc<>+176(SB)/8, $4.84406305325125486048e3   // tanhQ2
GLOBL tanhc<>(SB), RODATA|NOPTR, $184

// func tanhAVX2(dst, src []float64)
// Processes len(dst) &^ 3 elements; needs AVX2.
TEXT ·tanhAVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	SHRQ $2, CX
	JZ   tdone
	LEAQ tanhc<>(SB), R8

tloop:
	VMOVUPD      (SI), Y0               // x
	VBROADCASTSD 0(R8), Y15
	VANDPD       Y15, Y0, Y1            // ax
	VBROADCASTSD 16(R8), Y15
	VMINPD       Y15, Y1, Y2            // axc = min(ax, 22)
	VADDPD       Y2, Y2, Y2             // y = axc + axc
	VBROADCASTSD 24(R8), Y15
	VMULPD       Y15, Y2, Y3
	VROUNDPD     $0, Y3, Y3             // n = round(y·log2e)
	VBROADCASTSD 32(R8), Y15
	VMULPD       Y15, Y3, Y4
	VSUBPD       Y4, Y2, Y2             // r = y − n·C1
	VBROADCASTSD 40(R8), Y15
	VMULPD       Y15, Y3, Y4
	VSUBPD       Y4, Y2, Y2             // r −= n·C2
	VMULPD       Y2, Y2, Y4             // rr
	VBROADCASTSD 48(R8), Y15
	VMULPD       Y15, Y4, Y5            // px = P0·rr
	VBROADCASTSD 56(R8), Y15
	VADDPD       Y15, Y5, Y5
	VMULPD       Y4, Y5, Y5
	VBROADCASTSD 64(R8), Y15
	VADDPD       Y15, Y5, Y5
	VMULPD       Y2, Y5, Y5             // px *= r
	VBROADCASTSD 72(R8), Y15
	VMULPD       Y15, Y4, Y6            // qx = Q0·rr
	VBROADCASTSD 80(R8), Y15
	VADDPD       Y15, Y6, Y6
	VMULPD       Y4, Y6, Y6
	VBROADCASTSD 88(R8), Y15
	VADDPD       Y15, Y6, Y6
	VMULPD       Y4, Y6, Y6
	VBROADCASTSD 96(R8), Y15
	VADDPD       Y15, Y6, Y6
	VSUBPD       Y5, Y6, Y6             // qx − px
	VDIVPD       Y6, Y5, Y5             // e = px/(qx − px)
	VADDPD       Y5, Y5, Y5             // 2e
	VBROADCASTSD 104(R8), Y14           // 1
	VADDPD       Y14, Y5, Y5            // e = 1 + 2e
	VBROADCASTSD 120(R8), Y15
	VADDPD       Y15, Y3, Y3            // n + 2^52 + 1023
	VPSLLQ       $52, Y3, Y3            // 2^n
	VMULPD       Y3, Y5, Y5             // s = e·2^n
	VADDPD       Y14, Y5, Y5            // s + 1
	VBROADCASTSD 112(R8), Y15
	VDIVPD       Y5, Y15, Y5            // 2/(s+1)
	VSUBPD       Y5, Y14, Y5            // zexp = 1 − 2/(s+1)
	VMULPD       Y1, Y1, Y6             // z2 = ax·ax
	VBROADCASTSD 136(R8), Y15
	VMULPD       Y15, Y6, Y7            // num = P0·z2
	VBROADCASTSD 144(R8), Y15
	VADDPD       Y15, Y7, Y7
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD 152(R8), Y15
	VADDPD       Y15, Y7, Y7
	VBROADCASTSD 160(R8), Y15
	VADDPD       Y15, Y6, Y8            // den = z2 + Q0
	VMULPD       Y6, Y8, Y8
	VBROADCASTSD 168(R8), Y15
	VADDPD       Y15, Y8, Y8
	VMULPD       Y6, Y8, Y8
	VBROADCASTSD 176(R8), Y15
	VADDPD       Y15, Y8, Y8
	VMULPD       Y6, Y1, Y9             // t = ax·z2
	VMULPD       Y7, Y9, Y9             // t ·= num
	VDIVPD       Y8, Y9, Y9             // t /= den
	VADDPD       Y9, Y1, Y9             // zp = ax + t
	VBROADCASTSD 128(R8), Y15
	VCMPPD       $0x1d, Y15, Y1, Y10    // ax >= 0.625
	VBLENDVPD    Y10, Y5, Y9, Y11       // z = mask ? zexp : zp
	VBROADCASTSD 8(R8), Y15
	VANDPD       Y15, Y0, Y12           // sign of x
	VORPD        Y12, Y11, Y11
	VCMPPD       $0x03, Y0, Y0, Y13     // x unordered (NaN)
	VBLENDVPD    Y13, Y0, Y11, Y11      // NaN in, NaN out
	VMOVUPD      Y11, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DI
	DECQ         CX
	JNZ          tloop

tdone:
	VZEROUPPER
	RET
