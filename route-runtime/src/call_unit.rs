//! The call fns, for one of the `unit` modules (`call.rs` includes this
//! file [`CALL_UNITS`] times: see `units!` there).

use super::*;

calls!(call0 (;));
calls!(call1 (; A0 R0 a0));
calls!(call2 (A0 R0 a0, ; A1 R1 a1));
calls!(call3 (A0 R0 a0, A1 R1 a1, ; A2 R2 a2));
calls!(call4 (A0 R0 a0, A1 R1 a1, A2 R2 a2, ; A3 R3 a3));
calls!(call5 (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, ; A4 R4 a4));
calls!(call6 (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, ; A5 R5 a5));
calls!(call7 (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, ; A6 R6 a6));
calls!(call8 (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, ; A7 R7 a7));
calls!(call9 (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, ; A8 R8 a8));
calls!(call10 (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, ; A9 R9 a9));
calls!(call11 (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9, ; A10 R10 a10));
calls!(call12 (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9, A10 R10 a10, ; A11 R11 a11));
calls!(call13 (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9, A10 R10 a10, A11 R11 a11, ; A12 R12 a12));
calls!(call14 (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9, A10 R10 a10, A11 R11 a11, A12 R12 a12, ; A13 R13 a13));
calls!(call15 (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9, A10 R10 a10, A11 R11 a11, A12 R12 a12, A13 R13 a13, ; A14 R14 a14));
calls!(call16 (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9, A10 R10 a10, A11 R11 a11, A12 R12 a12, A13 R13 a13, A14 R14 a14, ; A15 R15 a15));

calls_any!(call2_any (A0 R0 a0, A1 R1 a1));
calls_any!(call3_any (A0 R0 a0, A1 R1 a1, A2 R2 a2));
calls_any!(call4_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3));
calls_any!(call5_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4));
calls_any!(call6_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5));
calls_any!(call7_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6));
calls_any!(call8_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7));
calls_any!(call9_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8));
calls_any!(call10_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9));
calls_any!(call11_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9, A10 R10 a10));
calls_any!(call12_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9, A10 R10 a10, A11 R11 a11));
calls_any!(call13_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9, A10 R10 a10, A11 R11 a11, A12 R12 a12));
calls_any!(call14_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9, A10 R10 a10, A11 R11 a11, A12 R12 a12, A13 R13 a13));
calls_any!(call15_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9, A10 R10 a10, A11 R11 a11, A12 R12 a12, A13 R13 a13, A14 R14 a14));
calls_any!(call16_any (A0 R0 a0, A1 R1 a1, A2 R2 a2, A3 R3 a3, A4 R4 a4, A5 R5 a5, A6 R6 a6, A7 R7 a7, A8 R8 a8, A9 R9 a9, A10 R10 a10, A11 R11 a11, A12 R12 a12, A13 R13 a13, A14 R14 a14, A15 R15 a15));
