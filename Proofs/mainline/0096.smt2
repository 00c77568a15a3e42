; first asked by: mainline vmalloc exception-entry-reset=true
; kpcheck obligation: branch feasibility
; satisfiability of: (por1 & 0xffffff00) == 0
; assuming: (((por0 & 0xffffff00) | 0x17) != ((por2 & 0xffffff00) | 0x17)) & (((por0 & 0xffffff00) | 0x17) == ((por1 & 0xffffff00) | 0x17))
; expected: sat
(set-logic QF_BV)
(declare-const por0 (_ BitVec 64))
(declare-const por1 (_ BitVec 64))
(declare-const por2 (_ BitVec 64))
(define-fun t!1 () (_ BitVec 64) (bvor (bvand por0 #x00000000ffffff00) #x0000000000000017))
(define-fun t!2 () (_ BitVec 64) (bvand por1 #x00000000ffffff00))
(assert (not (= (bvand (ite (not (= t!1 (bvor (bvand por2 #x00000000ffffff00) #x0000000000000017))) #x0000000000000001 #x0000000000000000) (ite (= t!1 (bvor t!2 #x0000000000000017)) #x0000000000000001 #x0000000000000000)) #x0000000000000000)))
(assert (= t!2 #x0000000000000000))
(check-sat)
