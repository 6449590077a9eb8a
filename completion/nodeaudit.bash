# bash completion for nodeaudit
_nodeaudit()
{
        local cur prev words cword
        _init_completion || return
        local opts="--root --proc --profile --format --output --check --skip --fail-on --min-score
                --level --waivers --allowlist --k8s-version --distribution --interval --checks-dir --profiles-dir --quiet --no-color --version --help"
        case $prev in
        --root|--proc|--checks-dir|--profiles-dir)
                _filedir -d; return ;;
        --output|--waivers|--allowlist)
                _filedir; return ;;
        --level)
                COMPREPLY=($(compgen -W "1 2" -- "$cur")); return ;;
        --format)
                COMPREPLY=($(compgen -W "text json jsonl junit prometheus sarif kube-bench-json html" -- "$cur")); return ;;
        --fail-on)
                COMPREPLY=($(compgen -W "fail error none" -- "$cur")); return ;;
        --profile)
                COMPREPLY=($(compgen -W "auto $(nodeaudit profiles 2>/dev/null | cut -d' ' -f1)" -- "$cur")); return ;;
        --check|--skip|explain)
                COMPREPLY=($(compgen -W "$(nodeaudit list 2>/dev/null | cut -d' ' -f1)" -- "$cur")); return ;;
        --distribution)
                COMPREPLY=($(compgen -W "kubeadm k3s rke2 eks gke aks microk8s none" -- "$cur")); return ;;
        --min-score|--interval|--k8s-version)
                return ;;
        esac
        if [[ $cword -eq 1 && $cur != -* ]]; then
                COMPREPLY=($(compgen -W "scan list explain profiles merge baseline" -- "$cur"))
        elif [[ ${words[1]} == baseline && $cword -eq 2 ]]; then
                COMPREPLY=($(compgen -W "save diff" -- "$cur"))
        elif [[ ${words[1]} == baseline && $cur != -* ]]; then
                _filedir
        elif [[ ${words[1]} == merge && $cur != -* ]]; then
                _filedir json
        else
                COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        fi
}
complete -F _nodeaudit nodeaudit
