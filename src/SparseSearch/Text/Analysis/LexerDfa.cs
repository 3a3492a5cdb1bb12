namespace SparseSearch.Text.Analysis;

/// <summary>
/// A deterministic automaton for a list of prioritised rules, with JFlex's matching semantics: the scanner takes the
/// longest prefix any rule accepts, and among rules accepting that same prefix the earliest rule wins.
/// Built once by subset construction over the <see cref="TokenizerAlphabet"/>; immutable afterwards.
/// </summary>
internal sealed class LexerDfa
{
    /// <summary>No transition: the scan stops.</summary>
    public const int Dead = -1;

    private readonly int[] _transitions; // [state * classCount + class] → next state or Dead
    private readonly int[] _accept;      // [state] → rule index, or -1
    private readonly int _classCount;

    private LexerDfa(int[] transitions, int[] accept, int classCount)
    {
        _transitions = transitions;
        _accept = accept;
        _classCount = classCount;
    }

    /// <summary>The start state.</summary>
    public int Start => 0;

    /// <summary>Number of states.</summary>
    public int StateCount => _accept.Length;

    public int Next(int state, int charClass) => _transitions[state * _classCount + charClass];

    /// <summary>The rule that accepts in <paramref name="state"/>, or -1.</summary>
    public int AcceptingRule(int state) => _accept[state];

    public static LexerDfa Build(IReadOnlyList<Rx> rules, TokenizerAlphabet alphabet)
    {
        var nfa = new Nfa();
        int start = nfa.NewState();
        for (int r = 0; r < rules.Count; r++)
        {
            var (entry, exit) = rules[r].Build(nfa);
            nfa.AddEpsilon(start, entry);
            nfa.AcceptRule[exit] = r;
        }

        int classCount = alphabet.Count;
        // Evaluate each edge's predicate once per class: the subset construction then works on class ids only.
        var edgeClasses = new List<(bool[] Classes, int Target)>[nfa.Edges.Count];
        for (int s = 0; s < edgeClasses.Length; s++)
        {
            edgeClasses[s] = new();
            foreach (var (predicate, target) in nfa.Edges[s])
            {
                var accepts = new bool[classCount];
                for (int c = 0; c < classCount; c++)
                    accepts[c] = predicate(alphabet.KindOfClass(c));
                edgeClasses[s].Add((accepts, target));
            }
        }

        var states = new List<int[]>();
        var index = new Dictionary<string, int>();
        var transitions = new List<int>();
        var accept = new List<int>();

        int Intern(SortedSet<int> set)
        {
            var members = set.ToArray();
            var key = string.Join(',', members);
            if (index.TryGetValue(key, out int id))
                return id;
            id = states.Count;
            index.Add(key, id);
            states.Add(members);
            int rule = -1;
            foreach (int m in members)
                if (nfa.AcceptRule[m] >= 0 && (rule < 0 || nfa.AcceptRule[m] < rule))
                    rule = nfa.AcceptRule[m];
            accept.Add(rule);
            for (int c = 0; c < classCount; c++)
                transitions.Add(Dead);
            return id;
        }

        SortedSet<int> Closure(IEnumerable<int> seeds)
        {
            var set = new SortedSet<int>();
            var stack = new Stack<int>(seeds);
            while (stack.Count > 0)
            {
                int s = stack.Pop();
                if (!set.Add(s))
                    continue;
                foreach (int t in nfa.Epsilons[s])
                    stack.Push(t);
            }
            return set;
        }

        Intern(Closure([start]));
        for (int d = 0; d < states.Count; d++)
        {
            for (int c = 0; c < classCount; c++)
            {
                var targets = new List<int>();
                foreach (int s in states[d])
                    foreach (var (classes, target) in edgeClasses[s])
                        if (classes[c])
                            targets.Add(target);
                if (targets.Count == 0)
                    continue;
                int next = Intern(Closure(targets));
                transitions[d * classCount + c] = next;
            }
        }
        return new LexerDfa(transitions.ToArray(), accept.ToArray(), classCount);
    }
}
