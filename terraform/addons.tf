# EKS managed add-ons. Versions: an add-on absent from var.addon_versions gets EKS's default
# version for kubernetes_version when it is created, and keeps it until a version is pinned
# in var.addon_versions (do so when upgrading the cluster).
#
# The gp3 default StorageClass that the platform's PersistentVolumeClaims bind through is a
# Kubernetes object, defined in the Kubernetes base (not here): this driver provisions it.

locals {
  # DaemonSets the nodes need to become Ready: created before the node group.
  addons_before_nodes = ["vpc-cni", "kube-proxy"]
}

resource "aws_eks_addon" "before_nodes" {
  for_each = toset(local.addons_before_nodes)

  cluster_name  = aws_eks_cluster.this.name
  addon_name    = each.value
  addon_version = lookup(var.addon_versions, each.value, null)

  # The platform's NetworkPolicies (base/network-policies) are only enforced when the VPC CNI
  # runs its network policy agent; without this they would be accepted and silently ignored.
  configuration_values = each.value == "vpc-cni" ? jsonencode({ enableNetworkPolicy = "true" }) : null
  # The CNI's AWS rights come from its IRSA role, not the node role (iam.tf).
  service_account_role_arn = each.value == "vpc-cni" ? aws_iam_role.irsa["vpc_cni"].arn : null

  # Terraform is the source of truth for add-on configuration.
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "OVERWRITE"
}

# Deployments: they only become ACTIVE once there are nodes to run on.
resource "aws_eks_addon" "coredns" {
  cluster_name  = aws_eks_cluster.this.name
  addon_name    = "coredns"
  addon_version = lookup(var.addon_versions, "coredns", null)

  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.platform]
}

# Without this driver every PersistentVolumeClaim of the platform (Elasticsearch, Kafka,
# ZooKeeper, Logstash's queues, Prometheus, Grafana's grafana-storage) stays Pending: EKS
# ships no in-tree EBS provisioner.
resource "aws_eks_addon" "ebs_csi" {
  cluster_name             = aws_eks_cluster.this.name
  addon_name               = "aws-ebs-csi-driver"
  addon_version            = lookup(var.addon_versions, "aws-ebs-csi-driver", null)
  service_account_role_arn = aws_iam_role.irsa["ebs_csi"].arn

  # With IMDS hop limit 1 the node plugin reads its instance from Kubernetes metadata, which
  # does not know how many ENIs share the instance's volume-attachment slots: reserve them
  # (the root volume plus the ENIs of the instance type) so that no node is over-scheduled.
  configuration_values = jsonencode({
    node = { reservedVolumeAttachments = var.node_reserved_volume_attachments }
  })

  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [
    aws_eks_node_group.platform,
    aws_iam_role_policy_attachment.irsa["ebs_csi"],
  ]
}

# Grafana is published on NodePort 30300 in prod (overlays/prod). The nodes sit in private
# subnets, so this admits it only from inside the VPC (a VPN, a bastion or an internal load
# balancer), never from the internet.
resource "aws_vpc_security_group_ingress_rule" "grafana_node_port" {
  security_group_id = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
  description       = "Grafana NodePort from inside the VPC"
  ip_protocol       = "tcp"
  from_port         = 30300
  to_port           = 30300
  cidr_ipv4         = var.vpc_cidr
}
