// terraform-imds-hop-limit: a launch template lets IMDS answer one network hop only, so a pod (one hop
// further, behind the node's network namespace) cannot fetch the node role's credentials (issue 16,
// item 3). Read from the .tf text, so it needs no terraform and names the line the limit is set on.
import type { Finding, SourceFile } from '../../types.ts';

const HOP_LIMIT = /^\s*http_put_response_hop_limit\s*=\s*("?)(\d+)\1\s*(#.*|\/\/.*)?$/;

export function imdsHopLimitFindings(files: readonly SourceFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const f of files.filter((x) => x.path.endsWith('.tf'))) {
    f.text.split('\n').forEach((text, i) => {
      const m = HOP_LIMIT.exec(text);
      const limit = Number(m?.[2]);
      if (m && limit > 1) {
        findings.push({
          file: f.path,
          line: i + 1,
          column: text.indexOf('http_put_response_hop_limit') + 1,
          severity: 'error',
          rule: 'terraform-imds-hop-limit',
          message: `http_put_response_hop_limit = ${limit} lets every pod reach the instance metadata service and take the node role's credentials; set it to 1 (pods get AWS access through IRSA)`,
        });
      }
    });
  }
  return findings;
}
