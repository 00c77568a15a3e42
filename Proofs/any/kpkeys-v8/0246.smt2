; first asked by: kpkeys-v8 any exception-entry-reset=true
; kpcheck obligation: branch feasibility
; satisfiability of: (por2 & 0xffffff00) == 0
; expected: sat
(set-logic QF_BV)
(declare-const por2 (_ BitVec 64))
(assert (= (bvand por2 #x00000000ffffff00) #x0000000000000000))
(check-sat)
