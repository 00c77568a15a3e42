; first asked by: mainline vmalloc exception-entry-reset=false
; kpcheck obligation: POR_EL1 equals the value saved on entry
; validity of: ((por0 & 0xffffff00) | 0x17) == ((por3 & 0xffffff00) | 0x17)
; assuming: (((por0 & 0xffffff00) | 0x17) == ((por3 & 0xffffff00) | 0x17)) & ((((por0 & 0xffffff00) | 0x17) != ((por2 & 0xffffff00) | 0x17)) & ((((por1 & 0xffffff00) | 0x17) != ((por3 & 0xffffff00) | 0x17)) & (((por1 & 0xffffff00) | 0x17) != ((por2 & 0xffffff00) | 0x17))))
; the condition is negated: valid when unsat
; expected: unsat
(set-logic QF_BV)
(declare-const por0 (_ BitVec 64))
(declare-const por1 (_ BitVec 64))
(declare-const por2 (_ BitVec 64))
(declare-const por3 (_ BitVec 64))
(define-fun t!1 () (_ BitVec 64) (bvor (bvand por0 #x00000000ffffff00) #x0000000000000017))
(define-fun t!2 () (_ BitVec 64) (bvor (bvand por3 #x00000000ffffff00) #x0000000000000017))
(define-fun t!3 () (_ BitVec 64) (bvor (bvand por2 #x00000000ffffff00) #x0000000000000017))
(define-fun t!4 () (_ BitVec 64) (bvor (bvand por1 #x00000000ffffff00) #x0000000000000017))
(assert (not (= (bvand (ite (= t!1 t!2) #x0000000000000001 #x0000000000000000) (bvand (ite (not (= t!1 t!3)) #x0000000000000001 #x0000000000000000) (bvand (ite (not (= t!4 t!2)) #x0000000000000001 #x0000000000000000) (ite (not (= t!4 t!3)) #x0000000000000001 #x0000000000000000)))) #x0000000000000000)))
(assert (not (= t!1 t!2)))
(check-sat)
