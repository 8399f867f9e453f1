// The shape of a parsed Logstash pipeline (what grammar.peggy builds). Every node knows where it starts.

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** 0-based character offset. */
  offset: number;
}

export type SectionKind = 'input' | 'filter' | 'output';

export interface Config {
  type: 'config';
  sections: Section[];
}

export interface Section {
  type: 'section';
  kind: SectionKind;
  body: Statement[];
  loc: Position;
}

export type Statement = PluginNode | Branch;

/** `name { attributes }`, in a section, or as a value (`codec => json { charset => "UTF-8" }`). */
export interface PluginNode {
  type: 'plugin';
  name: string;
  attributes: Attribute[];
  loc: Position;
}

export interface Attribute {
  type: 'attribute';
  name: string;
  value: Value;
  loc: Position;
}

export interface StringValue {
  type: 'string';
  /** Without the quotes; `\"` (or `\'`) unescaped, nothing else (Logstash's default, config.support_escapes off). */
  value: string;
  raw: string;
  loc: Position;
}

export interface NumberValue {
  type: 'number';
  value: number;
  raw: string;
  loc: Position;
}

export interface BarewordValue {
  type: 'bareword';
  value: string;
  loc: Position;
}

export interface ArrayValue {
  type: 'array';
  items: Value[];
  loc: Position;
}

export interface HashEntry {
  key: StringValue | NumberValue | BarewordValue;
  value: Value;
  loc: Position;
}

export interface HashValue {
  type: 'hash';
  entries: HashEntry[];
  loc: Position;
}

export type Value = StringValue | NumberValue | BarewordValue | ArrayValue | HashValue | PluginNode;

export interface Branch {
  type: 'branch';
  clauses: Clause[];
  loc: Position;
}

export interface Clause {
  kind: 'if' | 'else if' | 'else';
  /** null for `else`. */
  condition: Condition | null;
  body: Statement[];
  loc: Position;
}

/** `[a][b]`: the path is `['a', 'b']`. */
export interface Selector {
  type: 'selector';
  path: string[];
  raw: string;
  loc: Position;
}

export interface RegexpValue {
  type: 'regexp';
  source: string;
  loc: Position;
}

export interface MethodCall {
  type: 'call';
  method: string;
  args: RValue[];
  loc: Position;
}

export type RValue = StringValue | NumberValue | Selector | ArrayValue | MethodCall | RegexpValue;

export interface BooleanExpression {
  type: 'boolean';
  operator: 'and' | 'or' | 'xor' | 'nand';
  left: Condition;
  right: Condition;
  loc: Position;
}

export interface NotExpression {
  type: 'not';
  operand: Condition;
  loc: Position;
}

export interface CompareExpression {
  type: 'compare';
  operator: '==' | '!=' | '<=' | '>=' | '<' | '>';
  left: RValue;
  right: RValue;
  loc: Position;
}

export interface RegexMatchExpression {
  type: 'regex-match';
  operator: '=~' | '!~';
  left: RValue;
  pattern: StringValue | RegexpValue;
  loc: Position;
}

export interface InExpression {
  type: 'in';
  /** `not in` */
  negated: boolean;
  left: RValue;
  right: RValue;
  loc: Position;
}

export type Condition = BooleanExpression | NotExpression | CompareExpression | RegexMatchExpression | InExpression | RValue;
