namespace SparseSearch.Text.Analysis;

/// <summary>
/// The classic Porter (1980) stemmer with the behaviour of Lucene's PorterStemmer (Release 3 of Porter's reference
/// implementation): words of one or two characters are left alone, any character other than a, e, i, o, u (and y
/// after a consonant) counts as a consonant, and the final -e / -ll step measures the word as it was before that step.
/// </summary>
public static class PorterStemmer
{
    /// <summary>Stems <paramref name="word"/> in place (lower-case input expected) and returns the stem's length.</summary>
    public static int Stem(Span<char> word)
    {
        if (word.Length <= 2)
            return word.Length;
        var s = new Stemming(word);
        s.Step1();
        s.Step2();
        s.Step3();
        s.Step4();
        s.Step5();
        s.Step6();
        return s.End + 1;
    }

    /// <summary>Convenience overload: the stem of <paramref name="word"/> as a new string.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var buffer = word.ToCharArray();
        int length = Stem(buffer.AsSpan());
        return length == word.Length && buffer.AsSpan().SequenceEqual(word) ? word : new string(buffer, 0, length);
    }

    /// <summary>State of one word: b = the buffer, k = index of its last character, j = end of the stem before a suffix.</summary>
    private ref struct Stemming
    {
        private readonly Span<char> _b;
        private int _k;
        private int _j;

        public Stemming(Span<char> word)
        {
            _b = word;
            _k = word.Length - 1;
            _j = 0;
        }

        public readonly int End => _k;

        private readonly bool IsConsonant(int i)
        {
            switch (_b[i])
            {
                case 'a': case 'e': case 'i': case 'o': case 'u':
                    return false;
                case 'y':
                    return i == 0 || !IsConsonant(i - 1);
                default:
                    return true;
            }
        }

        /// <summary>Number of vowel-consonant sequences in b[0..j].</summary>
        private readonly int Measure()
        {
            int n = 0, i = 0;
            while (true)
            {
                if (i > _j) return n;
                if (!IsConsonant(i)) break;
                i++;
            }
            i++;
            while (true)
            {
                while (true)
                {
                    if (i > _j) return n;
                    if (IsConsonant(i)) break;
                    i++;
                }
                i++;
                n++;
                while (true)
                {
                    if (i > _j) return n;
                    if (!IsConsonant(i)) break;
                    i++;
                }
                i++;
            }
        }

        private readonly bool VowelInStem()
        {
            for (int i = 0; i <= _j; i++)
                if (!IsConsonant(i))
                    return true;
            return false;
        }

        private readonly bool DoubleConsonant(int i) => i >= 1 && _b[i] == _b[i - 1] && IsConsonant(i);

        /// <summary>b[i-2..i] is consonant-vowel-consonant and b[i] is not w, x or y.</summary>
        private readonly bool Cvc(int i)
        {
            if (i < 2 || !IsConsonant(i) || IsConsonant(i - 1) || !IsConsonant(i - 2))
                return false;
            char c = _b[i];
            return c != 'w' && c != 'x' && c != 'y';
        }

        /// <summary>b[0..k] ends with <paramref name="suffix"/>; if so j marks the character before it.</summary>
        private bool Ends(string suffix)
        {
            int offset = _k - suffix.Length + 1;
            if (offset < 0)
                return false;
            if (!_b.Slice(offset, suffix.Length).SequenceEqual(suffix))
                return false;
            _j = _k - suffix.Length;
            return true;
        }

        /// <summary>Replaces b[j+1..k] with <paramref name="replacement"/>.</summary>
        private void SetTo(string replacement)
        {
            replacement.AsSpan().CopyTo(_b.Slice(_j + 1));
            _k = _j + replacement.Length;
        }

        private void ReplaceIfMeasured(string replacement)
        {
            if (Measure() > 0)
                SetTo(replacement);
        }

        /// <summary>Plurals and -ed / -ing.</summary>
        public void Step1()
        {
            if (_b[_k] == 's')
            {
                if (Ends("sses")) _k -= 2;
                else if (Ends("ies")) SetTo("i");
                else if (_b[_k - 1] != 's') _k--;
            }
            if (Ends("eed"))
            {
                if (Measure() > 0) _k--;
            }
            else if ((Ends("ed") || Ends("ing")) && VowelInStem())
            {
                _k = _j;
                if (Ends("at")) SetTo("ate");
                else if (Ends("bl")) SetTo("ble");
                else if (Ends("iz")) SetTo("ize");
                else if (DoubleConsonant(_k))
                {
                    char c = _b[_k--];
                    if (c == 'l' || c == 's' || c == 'z') _k++;
                }
                else if (Measure() == 1 && Cvc(_k)) SetTo("e");
            }
        }

        /// <summary>Terminal y → i when the stem has a vowel.</summary>
        public void Step2()
        {
            if (Ends("y") && VowelInStem())
                _b[_k] = 'i';
        }

        /// <summary>Double suffixes to single ones (-ization → -ize...).</summary>
        public void Step3()
        {
            if (_k == 0) return;
            switch (_b[_k - 1])
            {
                case 'a':
                    if (Ends("ational")) { ReplaceIfMeasured("ate"); break; }
                    if (Ends("tional")) { ReplaceIfMeasured("tion"); break; }
                    break;
                case 'c':
                    if (Ends("enci")) { ReplaceIfMeasured("ence"); break; }
                    if (Ends("anci")) { ReplaceIfMeasured("ance"); break; }
                    break;
                case 'e':
                    if (Ends("izer")) { ReplaceIfMeasured("ize"); break; }
                    break;
                case 'l':
                    if (Ends("bli")) { ReplaceIfMeasured("ble"); break; }
                    if (Ends("alli")) { ReplaceIfMeasured("al"); break; }
                    if (Ends("entli")) { ReplaceIfMeasured("ent"); break; }
                    if (Ends("eli")) { ReplaceIfMeasured("e"); break; }
                    if (Ends("ousli")) { ReplaceIfMeasured("ous"); break; }
                    break;
                case 'o':
                    if (Ends("ization")) { ReplaceIfMeasured("ize"); break; }
                    if (Ends("ation")) { ReplaceIfMeasured("ate"); break; }
                    if (Ends("ator")) { ReplaceIfMeasured("ate"); break; }
                    break;
                case 's':
                    if (Ends("alism")) { ReplaceIfMeasured("al"); break; }
                    if (Ends("iveness")) { ReplaceIfMeasured("ive"); break; }
                    if (Ends("fulness")) { ReplaceIfMeasured("ful"); break; }
                    if (Ends("ousness")) { ReplaceIfMeasured("ous"); break; }
                    break;
                case 't':
                    if (Ends("aliti")) { ReplaceIfMeasured("al"); break; }
                    if (Ends("iviti")) { ReplaceIfMeasured("ive"); break; }
                    if (Ends("biliti")) { ReplaceIfMeasured("ble"); break; }
                    break;
                case 'g':
                    if (Ends("logi")) { ReplaceIfMeasured("log"); break; }
                    break;
            }
        }

        /// <summary>-ic-, -full, -ness...</summary>
        public void Step4()
        {
            switch (_b[_k])
            {
                case 'e':
                    if (Ends("icate")) { ReplaceIfMeasured("ic"); break; }
                    if (Ends("ative")) { ReplaceIfMeasured(""); break; }
                    if (Ends("alize")) { ReplaceIfMeasured("al"); break; }
                    break;
                case 'i':
                    if (Ends("iciti")) { ReplaceIfMeasured("ic"); break; }
                    break;
                case 'l':
                    if (Ends("ical")) { ReplaceIfMeasured("ic"); break; }
                    if (Ends("ful")) { ReplaceIfMeasured(""); break; }
                    break;
                case 's':
                    if (Ends("ness")) { ReplaceIfMeasured(""); break; }
                    break;
            }
        }

        /// <summary>-ant, -ence... in context &lt;c&gt;vcvc&lt;v&gt;.</summary>
        public void Step5()
        {
            if (_k == 0) return;
            bool matched = _b[_k - 1] switch
            {
                'a' => Ends("al"),
                'c' => Ends("ance") || Ends("ence"),
                'e' => Ends("er"),
                'i' => Ends("ic"),
                'l' => Ends("able") || Ends("ible"),
                'n' => Ends("ant") || Ends("ement") || Ends("ment") || Ends("ent"),
                'o' => (Ends("ion") && _j >= 0 && (_b[_j] == 's' || _b[_j] == 't')) || Ends("ou"),
                's' => Ends("ism"),
                't' => Ends("ate") || Ends("iti"),
                'u' => Ends("ous"),
                'v' => Ends("ive"),
                'z' => Ends("ize"),
                _ => false,
            };
            if (matched && Measure() > 1)
                _k = _j;
        }

        /// <summary>Final -e, and -ll → -l, both when the measure allows.</summary>
        public void Step6()
        {
            _j = _k;
            if (_b[_k] == 'e')
            {
                int m = Measure();
                if (m > 1 || (m == 1 && !Cvc(_k - 1)))
                    _k--;
            }
            if (_b[_k] == 'l' && DoubleConsonant(_k) && Measure() > 1)
                _k--;
        }
    }
}
