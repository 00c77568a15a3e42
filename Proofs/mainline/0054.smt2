; first asked by: mainline vmalloc exception-entry-reset=true
; kpcheck obligation: branch feasibility
; satisfiability of: (por2 & 0xffffff00) != 0
; assuming: (por2 & 0xffffff00) != 0
; expected: sat
(set-logic QF_BV)
(declare-const por2 (_ BitVec 64))
(define-fun t!1 () (_ BitVec 64) (bvand por2 #x00000000ffffff00))
(assert (not (= t!1 #x0000000000000000)))
(assert (not (= t!1 #x0000000000000000)))
(check-sat)
