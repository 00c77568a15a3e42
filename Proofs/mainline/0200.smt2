; first asked by: mainline vmalloc exception-entry-reset=true
; kpcheck obligation: branch feasibility
; satisfiability of: ((por1 & 0xffffff00) | 0x17) == ((por2 & 0xffffff00) | 0x17)
; assuming: (por1 & 0xffffff00) != 0
; expected: sat
(set-logic QF_BV)
(declare-const por1 (_ BitVec 64))
(declare-const por2 (_ BitVec 64))
(define-fun t!1 () (_ BitVec 64) (bvand por1 #x00000000ffffff00))
(assert (not (= t!1 #x0000000000000000)))
(assert (= (bvor t!1 #x0000000000000017) (bvor (bvand por2 #x00000000ffffff00) #x0000000000000017)))
(check-sat)
