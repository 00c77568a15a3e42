; first asked by: kpkeys-v8-unbatched vmalloc exception-entry-reset=true
; kpcheck obligation: branch feasibility
; satisfiability of: (por1 & 0xffffff00) == 0
; assuming: (por1 & 0xffffff00) != 0
; expected: unsat
(set-logic QF_BV)
(declare-const por1 (_ BitVec 64))
(define-fun t!1 () (_ BitVec 64) (bvand por1 #x00000000ffffff00))
(assert (not (= t!1 #x0000000000000000)))
(assert (= t!1 #x0000000000000000))
(check-sat)
