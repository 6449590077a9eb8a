/* version: which Kubernetes release the node runs, from its files alone. */
#pragma once

struct node;

/* The node's Kubernetes release ("1.30.2") and where it was read, or NULLs:
 * --k8s-version, else the static pods' image tags, kubeadm's stored
 * ClusterConfiguration, the API server's binary, the kubelet's binary, the
 * distribution's own binary. Runs once per node. */
void node_k8s_version(struct node *node, const char **ret_version, const char **ret_source);
