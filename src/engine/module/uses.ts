import type * as ESTree from "estree";

type AnyNode = ESTree.Node & Record<string, unknown>;

function children(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc" || key === "range") continue;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) if (item && typeof item === "object" && typeof (item as AnyNode).type === "string") out.push(item as AnyNode);
  }
  return out;
}

function patternNames(pattern: ESTree.Node | null | undefined, into: Set<string>): void {
  if (!pattern) return;
  if (pattern.type === "Identifier") into.add(pattern.name);
  else if (pattern.type === "ObjectPattern") for (const p of pattern.properties) patternNames(p.type === "RestElement" ? p.argument : p.value, into);
  else if (pattern.type === "ArrayPattern") for (const e of pattern.elements) patternNames(e, into);
  else if (pattern.type === "RestElement") patternNames(pattern.argument, into);
  else if (pattern.type === "AssignmentPattern") patternNames(pattern.left, into);
}

/** Names read in `fn`, and names it declares itself (ignoring block scoping: this feeds a warning). */
function scan(fn: ESTree.Node): { read: Set<string>; declared: Set<string> } {
  const read = new Set<string>();
  const declared = new Set<string>();
  const visit = (node: AnyNode): void => {
    switch (node.type) {
      case "Identifier":
        read.add((node as unknown as ESTree.Identifier).name);
        return;
      case "MemberExpression": {
        const member = node as unknown as ESTree.MemberExpression;
        visit(member.object as AnyNode);
        if (member.computed) visit(member.property as AnyNode);
        return;
      }
      case "Property": {
        const prop = node as unknown as ESTree.Property;
        if (prop.computed) visit(prop.key as AnyNode);
        visit(prop.value as AnyNode);
        return;
      }
      case "VariableDeclarator":
        patternNames((node as unknown as ESTree.VariableDeclarator).id, declared);
        break;
      case "FunctionDeclaration":
      case "FunctionExpression":
      case "ArrowFunctionExpression": {
        const f = node as unknown as ESTree.Function;
        if (f.type !== "ArrowFunctionExpression" && f.id) declared.add(f.id.name);
        for (const p of f.params) patternNames(p, declared);
        break;
      }
      case "CatchClause":
        patternNames((node as unknown as ESTree.CatchClause).param, declared);
        break;
    }
    for (const child of children(node)) visit(child);
  };
  visit(fn as AnyNode);
  return { read, declared };
}

/**
 * Module-level constants and helpers a node reads. Like Hamilton, they are not part of its code
 * version, so editing them does not re-run it; the editor warns about exactly these names.
 */
export function moduleBindingsUsed(fn: ESTree.Node, moduleBindings: ReadonlySet<string>, self: string): string[] {
  const { read, declared } = scan(fn);
  return [...read].filter((name) => moduleBindings.has(name) && !declared.has(name) && name !== self).sort();
}
