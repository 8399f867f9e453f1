# IAM roles of the control plane, the nodes, the VPC CNI and the EBS CSI driver. Policies are AWS-managed
# wherever AWS publishes one, so they follow EKS's own changes.

locals {
  policy_prefix = "arn:${data.aws_partition.current.partition}:iam::aws:policy"
}

# --- control plane --------------------------------------------------------------------

resource "aws_iam_role" "cluster" {
  name        = "${var.cluster_name}-cluster"
  description = "EKS control plane of ${var.cluster_name}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "${local.policy_prefix}/AmazonEKSClusterPolicy"
}

# Envelope encryption of Secrets: the control plane uses the key through this role.
resource "aws_iam_role_policy" "cluster_kms" {
  name = "secrets-encryption"
  role = aws_iam_role.cluster.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"]
      Resource = aws_kms_key.secrets.arn
    }]
  })
}

# --- nodes ------------------------------------------------------------------------------

resource "aws_iam_role" "node" {
  name        = "${var.cluster_name}-node"
  description = "Managed nodes of ${var.cluster_name}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each = toset([
    "AmazonEKSWorkerNodePolicy", # kubelet: describe the cluster, join it
    # Not AmazonEKS_CNI_Policy: aws-node gets it through IRSA (below), so the node role, which
    # anything reaching IMDS from the node's network could use, cannot rewire ENIs.
    "AmazonEC2ContainerRegistryReadOnly", # pull the add-on and pause images from ECR
    "AmazonSSMManagedInstanceCore",       # shell access through Session Manager instead of SSH keys
  ])

  role       = aws_iam_role.node.name
  policy_arn = "${local.policy_prefix}/${each.value}"
}

# --- IRSA: the VPC CNI and the EBS CSI driver --------------------------------------------

locals {
  # The issuer without its scheme is the prefix of the condition keys IAM evaluates.
  oidc_issuer_host = replace(aws_eks_cluster.this.identity[0].oidc[0].issuer, "https://", "")

  # One role per add-on that calls AWS itself. Only that add-on's ServiceAccount can assume it,
  # through the cluster's OIDC issuer: no other pod, and not the node role, gets its rights.
  irsa_roles = {
    # Attaching ENIs and assigning pod IPs is aws-node's job alone.
    vpc_cni = {
      name            = "vpc-cni"
      description     = "VPC CNI (aws-node)"
      service_account = "aws-node"
      policy          = "AmazonEKS_CNI_Policy"
    }
    # Only the driver's controller creates and attaches EBS volumes.
    ebs_csi = {
      name            = "ebs-csi-driver"
      description     = "EBS CSI driver controller"
      service_account = "ebs-csi-controller-sa"
      policy          = "service-role/AmazonEBSCSIDriverPolicy"
    }
  }
}

resource "aws_iam_role" "irsa" {
  for_each = local.irsa_roles

  name        = "${var.cluster_name}-${each.value.name}"
  description = "${each.value.description} of ${var.cluster_name} (IRSA)"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.cluster.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_issuer_host}:sub" = "system:serviceaccount:kube-system:${each.value.service_account}"
          "${local.oidc_issuer_host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "irsa" {
  for_each = local.irsa_roles

  role       = aws_iam_role.irsa[each.key].name
  policy_arn = "${local.policy_prefix}/${each.value.policy}"
}

# The roles were two resources each until they were folded into the map above: existing state
# moves to the map's keys instead of the roles being destroyed and created again.
moved {
  from = aws_iam_role.vpc_cni
  to   = aws_iam_role.irsa["vpc_cni"]
}

moved {
  from = aws_iam_role_policy_attachment.vpc_cni
  to   = aws_iam_role_policy_attachment.irsa["vpc_cni"]
}

moved {
  from = aws_iam_role.ebs_csi
  to   = aws_iam_role.irsa["ebs_csi"]
}

moved {
  from = aws_iam_role_policy_attachment.ebs_csi
  to   = aws_iam_role_policy_attachment.irsa["ebs_csi"]
}
