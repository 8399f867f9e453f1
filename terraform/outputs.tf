# What kubectl, the Argo CD bootstrap and other stacks need from this one.

output "region" {
  description = "AWS region of the cluster."
  value       = var.region
}

output "vpc_id" {
  description = "ID of the platform VPC."
  value       = aws_vpc.this.id
}

output "private_subnet_ids" {
  description = "Private subnets (nodes, internal load balancers), one per availability zone."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Public subnets (NAT gateways, internet-facing load balancers), one per availability zone."
  value       = aws_subnet.public[*].id
}

output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = aws_eks_cluster.this.name
}

output "cluster_endpoint" {
  description = "HTTPS endpoint of the Kubernetes API server."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64-encoded CA certificate of the API server, for kubeconfig files and Kubernetes providers."
  value       = aws_eks_cluster.this.certificate_authority[0].data
}

output "cluster_version" {
  description = "Kubernetes version of the control plane (npm run validate checks manifests against kubernetes_version)."
  value       = aws_eks_cluster.this.version
}

output "cluster_security_group_id" {
  description = "Security group EKS created for the control plane and the managed nodes."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}

output "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider, for further IRSA roles (e.g. an autoscaler or the AWS Load Balancer Controller)."
  value       = aws_iam_openid_connect_provider.cluster.arn
}

output "oidc_issuer_url" {
  description = "OIDC issuer URL of the cluster."
  value       = aws_eks_cluster.this.identity[0].oidc[0].issuer
}

output "node_role_arn" {
  description = "IAM role of the managed nodes."
  value       = aws_iam_role.node.arn
}

output "ebs_csi_driver_role_arn" {
  description = "IRSA role of the EBS CSI driver. The driver provisions volumes for the gp3 default StorageClass, which is defined on the Kubernetes side (the platform's base), not by Terraform."
  value       = aws_iam_role.irsa["ebs_csi"].arn
}

output "kubeconfig_command" {
  description = "Writes a kubeconfig context for this cluster (run as admin_role_arn); next, install Argo CD and apply clusters/<environment>."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${aws_eks_cluster.this.name}"
}
