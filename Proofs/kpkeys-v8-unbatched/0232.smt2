; first asked by: kpkeys-v8-unbatched vmalloc exception-entry-reset=true
; kpcheck obligation: branch feasibility
; satisfiability of: ((por1 & 0xffffff00) | 0x17) != ((por2 & 0xffffff00) | 0x17)
; expected: sat
(set-logic QF_BV)
(declare-const por1 (_ BitVec 64))
(declare-const por2 (_ BitVec 64))
(assert (not (= (bvor (bvand por1 #x00000000ffffff00) #x0000000000000017) (bvor (bvand por2 #x00000000ffffff00) #x0000000000000017))))
(check-sat)
