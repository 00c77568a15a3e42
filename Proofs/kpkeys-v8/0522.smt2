; first asked by: kpkeys-v8 vmalloc exception-entry-reset=false
; kpcheck obligation: branch feasibility
; satisfiability of: ((por0 & 0xffffff00) | 0x17) == ((por1 & 0xffffff00) | 0x17)
; assuming: (((por1 & 0xffffff00) | 0x17) != ((por3 & 0xffffff00) | 0x17)) & (((por0 & 0xffffff00) | 0x17) == ((por3 & 0xffffff00) | 0x17))
; expected: unsat
(set-logic QF_BV)
(declare-const por0 (_ BitVec 64))
(declare-const por1 (_ BitVec 64))
(declare-const por3 (_ BitVec 64))
(define-fun t!1 () (_ BitVec 64) (bvor (bvand por1 #x00000000ffffff00) #x0000000000000017))
(define-fun t!2 () (_ BitVec 64) (bvor (bvand por3 #x00000000ffffff00) #x0000000000000017))
(define-fun t!3 () (_ BitVec 64) (bvor (bvand por0 #x00000000ffffff00) #x0000000000000017))
(assert (not (= (bvand (ite (not (= t!1 t!2)) #x0000000000000001 #x0000000000000000) (ite (= t!3 t!2) #x0000000000000001 #x0000000000000000)) #x0000000000000000)))
(assert (= t!3 t!1))
(check-sat)
