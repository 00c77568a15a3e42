; first asked by: kpkeys-v4-batching vmalloc exception-entry-reset=false
; kpcheck obligation: branch feasibility
; satisfiability of: ((por1 & 0xffffff00) | 0x17) != ((por3 & 0xffffff00) | 0x17)
; assuming: ((por1 & 0xffffff00) | 0x57) == ((por0 & 0xffffff00) | 0x57)
; expected: sat
(set-logic QF_BV)
(declare-const por0 (_ BitVec 64))
(declare-const por1 (_ BitVec 64))
(declare-const por3 (_ BitVec 64))
(define-fun t!1 () (_ BitVec 64) (bvand por1 #x00000000ffffff00))
(assert (= (bvor t!1 #x0000000000000057) (bvor (bvand por0 #x00000000ffffff00) #x0000000000000057)))
(assert (not (= (bvor t!1 #x0000000000000017) (bvor (bvand por3 #x00000000ffffff00) #x0000000000000017))))
(check-sat)
