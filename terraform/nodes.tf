# The managed node group that runs the platform.
#
# Sizing for the prod overlay (requests, rounded up): Elasticsearch 3 x (1 CPU, 4 GiB),
# Kafka 3 x (0.5 CPU, 2 GiB), ZooKeeper 3 x (0.25 CPU, 0.5 GiB), Logstash 1 CPU / 2 GiB,
# Kibana, Prometheus, Grafana ~1.5 CPU / 4 GiB, Spark master + workers ~3 CPU / 6 GiB,
# exporters, producer and app-service ~0.5 CPU / 1 GiB, plus Argo CD and the per-node
# system pods (aws-node, kube-proxy, ebs-csi-node) ~1.5 CPU / 3 GiB: about 12 CPU and
# 36 GiB in all. m6i.2xlarge (8 vCPU, 32 GiB) x 4 gives ~31 CPU / ~115 GiB allocatable,
# so the cluster still fits everything with one node lost or drained during a rolling
# update; m6i.xlarge x 4 (~15 CPU) would not survive losing one. min 3 keeps a node in each
# of the three zones, which the 3-member StatefulSets need: their EBS volumes are zonal and
# their pods spread one per zone. max 6 is headroom for an autoscaler (Cluster Autoscaler
# or Karpenter, installed on the Kubernetes side) and for surge during upgrades.

resource "aws_launch_template" "node" {
  name_prefix = "${var.cluster_name}-node-"
  description = "Managed nodes of ${var.cluster_name}: IMDSv2 only, encrypted gp3 root volume"

  # No image, instance type or user data: EKS picks the EKS-optimised AMI for ami_type and
  # kubernetes_version, and merges its own bootstrap. No security groups either, so EKS
  # attaches the cluster security group that lets nodes and control plane talk.

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required" # IMDSv2 only: no unauthenticated GET of the node role's credentials
    # 2, not 1: pods on the pod network are one hop further than the node. The EBS CSI node
    # plugin reads its instance id, zone and the instance's free volume-attachment slots
    # from IMDS; with a limit of 1 it falls back to Kubernetes metadata, which cannot count
    # the ENIs that share those slots on Nitro instances, and over-schedules volumes. A pod
    # that reaches IMDS gets the node role, which holds no EBS rights: those are on the
    # IRSA role only.
    http_put_response_hop_limit = 2
    instance_metadata_tags      = "disabled"
  }

  block_device_mappings {
    device_name = "/dev/xvda" # root device of the Amazon Linux 2023 EKS AMI

    ebs {
      volume_type           = "gp3"
      volume_size           = var.node_disk_size_gib
      iops                  = 3000
      throughput            = 125
      encrypted             = true # with the account's aws/ebs key, usable by the autoscaling service role
      delete_on_termination = true
    }
  }

  # default_tags do not reach what the node group's Auto Scaling group launches.
  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.common_tags, { Name = "${var.cluster_name}-node" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(local.common_tags, { Name = "${var.cluster_name}-node-root" })
  }

  update_default_version = true
}

resource "aws_eks_node_group" "platform" {
  cluster_name = aws_eks_cluster.this.name
  # A prefix, not a fixed name: changes that replace the group (instance types) create the
  # new group before the old one is drained and deleted.
  node_group_name_prefix = "platform-"
  node_role_arn          = aws_iam_role.node.arn
  subnet_ids             = aws_subnet.private[*].id
  version                = aws_eks_cluster.this.version

  ami_type       = "AL2023_x86_64_STANDARD"
  capacity_type  = "ON_DEMAND" # stateful brokers and data nodes: no Spot interruptions
  instance_types = var.node_instance_types

  scaling_config {
    min_size     = var.node_min_size
    desired_size = var.node_desired_size
    max_size     = var.node_max_size
  }

  update_config {
    # One node at a time, so PodDisruptionBudgets of the 3-member StatefulSets hold.
    max_unavailable = 1
  }

  launch_template {
    id      = aws_launch_template.node.id
    version = aws_launch_template.node.latest_version
  }

  lifecycle {
    create_before_destroy = true
    # An autoscaler owns the live size after creation.
    ignore_changes = [scaling_config[0].desired_size]
  }

  depends_on = [
    aws_iam_role_policy_attachment.node,
    # Nodes only become Ready once the CNI and kube-proxy DaemonSets exist, and need egress
    # through NAT to pull images and reach STS.
    aws_eks_addon.before_nodes,
    aws_route.private_nat,
    aws_route_table_association.private,
  ]
}
