# bash completion for nodeaudit
# The commands, options and values come from nodeaudit's own tables
# ("nodeaudit completions"), so they are those of the nodeaudit being completed.
_nodeaudit()
{
        local cur prev words cword
        _init_completion || return
        local bin=${words[0]} cmd=scan subs
        [[ $bin == \~/* ]] && bin=$HOME/${bin#\~/}
        [[ $cword -gt 1 && ${words[1]} != -* ]] && cmd=${words[1]}
        if [[ $cword -gt 1 && $prev == --* ]]; then
                case $("$bin" completions kind "$prev" 2>/dev/null) in
                dir)
                        _filedir -d; return ;;
                file)
                        _filedir; return ;;
                text)
                        return ;;
                words)
                        COMPREPLY=($(compgen -W "$("$bin" completions values "$prev" "$cmd" 2>/dev/null)" -- "$cur"))
                        return ;;
                esac
        fi
        if [[ $cword -eq 1 && $cur != -* ]]; then
                COMPREPLY=($(compgen -W "$("$bin" completions commands 2>/dev/null)" -- "$cur"))
        elif [[ $cword -eq 2 && $cur != -* ]] && subs=$("$bin" completions subcommands "$cmd" 2>/dev/null) && [[ $subs ]]; then
                COMPREPLY=($(compgen -W "$subs" -- "$cur"))
        elif [[ $cmd == explain && $cur != -* ]]; then
                COMPREPLY=($(compgen -W "$("$bin" completions values --check 2>/dev/null)" -- "$cur"))
        elif [[ $cmd == baseline && $cur != -* ]]; then
                _filedir
        elif [[ $cmd == merge && $cur != -* ]]; then
                _filedir json
        else
                COMPREPLY=($(compgen -W "$("$bin" completions options "$cmd" 2>/dev/null)" -- "$cur"))
        fi
}
complete -F _nodeaudit nodeaudit
