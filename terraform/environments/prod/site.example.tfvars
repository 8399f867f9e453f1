# Who may administer the prod cluster and from where: account- and site-specific, so not committed.
# Copy it to site.tfvars (git-ignored) and put your values in; npm run tf -- prod plan reads it.
# These example values (the documentation account 123456789012 and the documentation range
# 198.51.100.0/24) are what terraform test and CI plan against the mocked provider.
admin_role_arn      = "arn:aws:iam::123456789012:role/platform-admins"
public_access_cidrs = ["198.51.100.0/24"]
