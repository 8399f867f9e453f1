# Offline plan of the whole configuration against a mocked AWS provider: proves that an
# environment's variables pass every validation and that the plan has the shape EKS needs.
# Run per environment from terraform/:
#   terraform test -var-file=environments/<env>/terraform.tfvars \
#     -var='admin_role_arn=arn:aws:iam::123456789012:role/admins' -var='public_access_cidrs=["198.51.100.0/24"]'

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition  = "aws"
      dns_suffix = "amazonaws.com"
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    }
  }

  # The issuer is known only after apply; the IRSA trust policy is built from it.
  mock_resource "aws_eks_cluster" {
    override_during = plan
    defaults = {
      identity              = [{ oidc = [{ issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF" }] }]
      certificate_authority = [{ data = "bW9jayBjZXJ0aWZpY2F0ZQ==" }]
    }
  }

  mock_resource "aws_iam_openid_connect_provider" {
    override_during = plan
    defaults = {
      arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
    }
  }
}

run "network_spans_the_requested_zones" {
  command = plan

  assert {
    condition     = length(aws_subnet.private) == var.az_count && length(aws_subnet.public) == var.az_count
    error_message = "Expected one public and one private subnet per availability zone."
  }

  assert {
    condition     = length(distinct(aws_subnet.private[*].availability_zone)) == var.az_count
    error_message = "Private subnets must be in distinct availability zones."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == (var.single_nat_gateway ? 1 : var.az_count)
    error_message = "Expected one NAT gateway per zone, or exactly one when single_nat_gateway is set."
  }

  assert {
    condition     = alltrue([for s in aws_subnet.private : s.tags["kubernetes.io/role/internal-elb"] == "1" && s.tags["kubernetes.io/cluster/${var.cluster_name}"] == "shared"])
    error_message = "Private subnets need the internal-elb role tag and the cluster tag."
  }

  assert {
    condition     = alltrue([for s in aws_subnet.public : s.tags["kubernetes.io/role/elb"] == "1" && s.tags["kubernetes.io/cluster/${var.cluster_name}"] == "shared"])
    error_message = "Public subnets need the elb role tag and the cluster tag."
  }

  assert {
    condition     = length(distinct(concat(aws_subnet.private[*].cidr_block, aws_subnet.public[*].cidr_block))) == 2 * var.az_count
    error_message = "Subnet CIDRs must not repeat."
  }

  assert {
    condition     = aws_flow_log.vpc.traffic_type == "ALL"
    error_message = "VPC flow logs must record accepted and rejected traffic."
  }
}

run "cluster_is_locked_down" {
  command = plan

  assert {
    condition     = aws_eks_cluster.this.version == var.kubernetes_version
    error_message = "The control plane must run kubernetes_version."
  }

  assert {
    condition     = aws_eks_cluster.this.vpc_config[0].endpoint_private_access
    error_message = "The private API endpoint must be on."
  }

  assert {
    condition     = toset(aws_eks_cluster.this.encryption_config[0].resources) == toset(["secrets"])
    error_message = "Secrets must be envelope-encrypted with the KMS key."
  }

  assert {
    condition     = aws_kms_key.secrets.enable_key_rotation && aws_kms_key.logs.enable_key_rotation
    error_message = "KMS keys must rotate."
  }

  assert {
    condition     = length(aws_eks_cluster.this.enabled_cluster_log_types) == 5
    error_message = "All five control-plane log types must be enabled."
  }

  assert {
    condition     = aws_eks_cluster.this.access_config[0].authentication_mode == "API_AND_CONFIG_MAP"
    error_message = "Access entries need authentication_mode API_AND_CONFIG_MAP (or API)."
  }

  assert {
    condition     = aws_eks_access_policy_association.admin.principal_arn == var.admin_role_arn && endswith(aws_eks_access_policy_association.admin.policy_arn, "/AmazonEKSClusterAdminPolicy")
    error_message = "admin_role_arn must get AmazonEKSClusterAdminPolicy."
  }
}

run "nodes_and_storage_can_run_the_platform" {
  command = plan

  # A role's ARN is known only after apply: give the CNI's a recognisable one.
  override_resource {
    target          = aws_iam_role.irsa["vpc_cni"]
    override_during = plan
    values = {
      arn = "arn:aws:iam::123456789012:role/platform-vpc-cni"
    }
  }

  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_tokens == "required"
    error_message = "Nodes must require IMDSv2."
  }

  assert {
    condition     = aws_launch_template.node.block_device_mappings[0].ebs[0].encrypted == "true" && aws_launch_template.node.block_device_mappings[0].ebs[0].volume_type == "gp3"
    error_message = "Node root volumes must be encrypted gp3."
  }

  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "IMDS hop limit must be 1: with 2, any pod can fetch the node role's credentials."
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.node.user_data), "vm.max_map_count = 262144")
    error_message = "Nodes must set vm.max_map_count for Elasticsearch, so no pod needs a privileged init container."
  }

  assert {
    condition     = length(aws_eks_node_group.platform) == var.az_count && alltrue([for g in aws_eks_node_group.platform : length(g.subnet_ids) == 1])
    error_message = "One node group per availability zone, each in its zone's subnet only, so every zone keeps nodes for its stateful members."
  }

  assert {
    condition     = toset(keys(aws_eks_node_group.platform)) == toset(aws_subnet.private[*].availability_zone)
    error_message = "The per-zone node groups must cover every zone of the private subnets."
  }

  assert {
    condition     = alltrue([for g in aws_eks_node_group.platform : g.scaling_config[0].min_size == var.node_min_size_per_zone && g.scaling_config[0].max_size == var.node_max_size_per_zone && g.scaling_config[0].min_size >= 1])
    error_message = "Every zone's node group must use the configured sizes, at least one node."
  }

  assert {
    condition     = !contains(keys(aws_iam_role_policy_attachment.node), "AmazonEKS_CNI_Policy")
    error_message = "AmazonEKS_CNI_Policy belongs on the VPC CNI's IRSA role, not the node role."
  }

  assert {
    condition     = strcontains(aws_iam_role.irsa["vpc_cni"].assume_role_policy, "system:serviceaccount:kube-system:aws-node") && endswith(aws_iam_role_policy_attachment.irsa["vpc_cni"].policy_arn, "/AmazonEKS_CNI_Policy")
    error_message = "The VPC CNI's IRSA role must trust only kube-system:aws-node and carry AmazonEKS_CNI_Policy."
  }

  assert {
    condition     = aws_eks_addon.before_nodes["vpc-cni"].service_account_role_arn == "arn:aws:iam::123456789012:role/platform-vpc-cni"
    error_message = "The vpc-cni add-on must use its IRSA role."
  }

  assert {
    condition     = toset(keys(aws_eks_addon.before_nodes)) == toset(["vpc-cni", "kube-proxy"]) && aws_eks_addon.coredns.addon_name == "coredns"
    error_message = "The core add-ons must be managed."
  }

  assert {
    condition     = aws_eks_addon.ebs_csi.addon_name == "aws-ebs-csi-driver"
    error_message = "Without the EBS CSI driver every PersistentVolumeClaim stays Pending."
  }

  assert {
    condition     = strcontains(aws_iam_role.irsa["ebs_csi"].assume_role_policy, "system:serviceaccount:kube-system:ebs-csi-controller-sa")
    error_message = "The EBS CSI role must trust only the driver's controller ServiceAccount."
  }
}

run "a_zone_without_nodes_is_refused" {
  command = plan

  variables {
    node_min_size_per_zone     = 0
    node_desired_size_per_zone = 0
  }

  expect_failures = [var.node_min_size_per_zone]
}

run "one_availability_zone_is_refused" {
  command = plan

  variables {
    az_count = 1
  }

  expect_failures = [var.az_count]
}

run "an_api_open_to_the_internet_is_refused" {
  command = plan

  variables {
    public_access_cidrs = ["0.0.0.0/0"]
  }

  expect_failures = [var.public_access_cidrs]
}

# The accepted names are environments.tf's, generated from scripts/environments.ts.
run "an_environment_the_platform_does_not_have_is_refused" {
  command = plan

  variables {
    environment = "no-such-environment"
  }

  expect_failures = [var.environment]
}
