; first asked by: kpkeys-v8 any exception-entry-reset=true
; kpcheck obligation: branch feasibility
; satisfiability of: ((por0 & 0xffffff00) | 0x17) == ((por1 & 0xffffff00) | 0x17)
; assuming: ((por1 & 0xffffff00) | 0x17) != ((por3 & 0xffffff00) | 0x17)
; expected: sat
(set-logic QF_BV)
(declare-const por0 (_ BitVec 64))
(declare-const por1 (_ BitVec 64))
(declare-const por3 (_ BitVec 64))
(define-fun t!1 () (_ BitVec 64) (bvor (bvand por1 #x00000000ffffff00) #x0000000000000017))
(assert (not (= t!1 (bvor (bvand por3 #x00000000ffffff00) #x0000000000000017))))
(assert (= (bvor (bvand por0 #x00000000ffffff00) #x0000000000000017) t!1))
(check-sat)
