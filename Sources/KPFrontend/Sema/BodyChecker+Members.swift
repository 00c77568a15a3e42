import KPIR

/// `task->a.b.c` and `regs->x`: a path into the flat layout of struct task_struct or
/// struct pt_regs.
extension BodyChecker {
    private struct MemberPath {
        var pointer: TypedExpr
        var kind: PointerKind
        var path: String
        var type: CType
    }

    /// `expression` must be a member access.
    func memberPlace(_ expression: Expr) throws(DiagnosticError) -> Place {
        guard case .member(let base, let field, let arrow) = expression.kind else {
            throw DiagnosticError(SemanticError.notAssignable, at: expression.location)
        }
        let member = try memberPath(base, field, arrow: arrow, at: expression.location)
        let layout = member.kind == .task ? environment.task : environment.regs
        guard case .int(let type) = member.type, let index = layout.indexByPath[member.path] else {
            throw DiagnosticError(SemanticError.structValue(member.path), at: expression.location)
        }
        let kind: Place.Kind = member.kind == .task ? .taskField(task: member.pointer, field: index)
                                                    : .regsField(regs: member.pointer, field: index)
        return Place(kind: kind, type: .int(type), location: expression.location)
    }

    private func memberPath(_ base: Expr, _ field: String, arrow: Bool, at location: SourceLocation)
        throws(DiagnosticError) -> MemberPath {
        if arrow {
            let pointer = try value(base)
            let kind: PointerKind, root: String
            switch pointer.type {
            case .pointer(.task): (kind, root) = (.task, "task_struct")
            case .pointer(.regs): (kind, root) = (.regs, "pt_regs")
            default: throw DiagnosticError(SemanticError.arrowOnNonPointer(pointer.type.description), at: location)
            }
            guard let structure = environment.structs[root] else {
                throw DiagnosticError(SemanticError.unknownStruct(root), at: location)
            }
            return MemberPath(pointer: pointer, kind: kind, path: field, type: try fieldType(field, of: structure, at: location))
        }
        guard case .member(let innerBase, let innerField, let innerArrow) = base.kind else {
            let value = try check(base)
            if value.type.isPointer { throw DiagnosticError(SemanticError.dotOnPointer(value.type.description), at: location) }
            throw DiagnosticError(SemanticError.memberOfNonStruct(field: field, type: value.type.description), at: location)
        }
        let inner = try memberPath(innerBase, innerField, arrow: innerArrow, at: base.location)
        guard case .structure(let name) = inner.type, let structure = environment.structs[name] else {
            throw DiagnosticError(SemanticError.memberOfNonStruct(field: field, type: inner.type.description), at: location)
        }
        return MemberPath(pointer: inner.pointer, kind: inner.kind, path: inner.path + "." + field,
                          type: try fieldType(field, of: structure, at: location))
    }

    private func fieldType(_ name: String, of structure: StructSyntax, at location: SourceLocation) throws(DiagnosticError) -> CType {
        guard let field = structure.fields.first(where: { $0.name == name }) else {
            throw DiagnosticError(SemanticError.unknownField(field: name, structure: structure.name), at: location)
        }
        return field.type
    }
}
