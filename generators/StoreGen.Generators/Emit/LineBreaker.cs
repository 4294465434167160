using System.Collections.Generic;

namespace StoreGen.Generators.Emit;

/// <summary>
/// Keeps generated lines short enough to read in "Go to definition" (<see cref="MaxLength"/>): a longer line is broken
/// where a person would break it, continued one level deeper. Code breaks after an opening parenthesis, a comma or an
/// assignment, or before
/// <c>&amp;&amp;</c>, <c>||</c>, <c>??</c>, <c>?</c>, <c>:</c> or <c>=&gt;</c>, preferring the outermost brackets and
/// filling each line; never inside a string or character literal. Documentation comments wrap between words, never
/// inside an attribute value. Whitespace between tokens means nothing to C#, so a broken line compiles the same.
/// </summary>
internal static class LineBreaker
{
    public const int MaxLength = 150;

    private const string Continuation = "    ";

    /// <summary>
    /// Kinds of break, best first. The outermost depth decides first, then the kind, then the rightmost position: so a
    /// member breaks before its <c>=&gt;</c> rather than inside its call, and a list after its commas.
    /// </summary>
    private enum Kind
    {
        Operator,
        Assignment,
        Comma,
        Open,
        Space,
        Comment,
    }

    private static readonly string[] BreakBefore = { "&& ", "|| ", "?? ", "? ", ": ", "=> " };

    /// <summary><paramref name="line"/> (indentation included) as one or more lines of at most <see cref="MaxLength"/> where possible.</summary>
    public static IEnumerable<string> Break(string line)
    {
        if (line.Length <= MaxLength)
        {
            return new[] { line };
        }
        string body = line.TrimStart(' ');
        string indent = line.Substring(0, line.Length - body.Length);
        if (body.StartsWith("///", System.StringComparison.Ordinal))
        {
            return WrapComment(indent + "/// ", body.Substring(3).TrimStart(' '));
        }
        return body.StartsWith("//", System.StringComparison.Ordinal) || body.StartsWith("#", System.StringComparison.Ordinal)
            ? new[] { line }
            : BreakCode(line, indent.Length);
    }

    private static List<string> BreakCode(string line, int indent)
    {
        var lines = new List<string>();
        string prefix = new string(' ', indent) + Continuation;
        string current = line;
        while (current.Length > MaxLength)
        {
            int at = BreakPoint(current, lines.Count == 0 ? indent : prefix.Length);
            if (at < 0)
            {
                break;
            }
            lines.Add(current.Substring(0, at).TrimEnd(' '));
            current = prefix + current.Substring(at).TrimStart(' ');
        }
        lines.Add(current);
        return lines;
    }

    /// <summary>Where to break: the best kind at the outermost depth that keeps the first part short, rightmost; -1 for nowhere.</summary>
    private static int BreakPoint(string line, int start)
    {
        int best = -1, bestRank = int.MaxValue, fallback = -1;
        int depth = 0;
        for (int i = start; i < line.Length; i++)
        {
            char c = line[i];
            switch (c)
            {
                case '"':
                case '\'':
                    i = LiteralEnd(line, i, c);
                    continue;
                case '(' when i + 1 < line.Length && line[i + 1] != ')':
                    Consider(i + 1, Kind.Open);   // an argument or parameter list that starts on the next line
                    depth++;
                    continue;
                case '(' or '[' or '{':
                    depth++;
                    continue;
                case ')' or ']' or '}':
                    depth--;
                    continue;
                case '/' when i + 1 < line.Length && line[i + 1] == '/':
                    Consider(i, Kind.Comment);
                    i = line.Length;
                    continue;
                case ' ' when i > start + 8 && i + 1 < line.Length && line[i + 1] != ' ':
                    int at = BreakAt(line, i, out var kind);
                    Consider(at, kind is Kind.Assignment && depth > 0 ? Kind.Space : kind);   // not a parameter's default
                    continue;
            }
        }
        return best >= 0 ? best : fallback;

        void Consider(int at, Kind kind)
        {
            if (at <= MaxLength)
            {
                int rank = kind is Kind.Space or Kind.Comment ? 1000 + (int)kind : depth * 4 + (int)kind;
                if (rank <= bestRank)
                {
                    (best, bestRank) = (at, rank);
                }
            }
            else if (fallback < 0 && kind is not Kind.Space)
            {
                fallback = at;
            }
        }
    }

    /// <summary>What a break at the space at <paramref name="space"/> would be, and where the line is cut.</summary>
    private static int BreakAt(string line, int space, out Kind kind)
    {
        char before = line[space - 1];
        if (before == ',')
        {
            kind = Kind.Comma;
            return space + 1;
        }
        if (before == '=' && line[space - 2] == ' ')
        {
            kind = Kind.Assignment;
            return space + 1;
        }
        foreach (string op in BreakBefore)
        {
            if (string.CompareOrdinal(line, space + 1, op, 0, op.Length) == 0)
            {
                kind = Kind.Operator;
                return space + 1;
            }
        }
        kind = Kind.Space;
        return space + 1;
    }

    /// <summary>The index of the quote that closes the literal opened at <paramref name="open"/> (backslash escapes).</summary>
    private static int LiteralEnd(string line, int open, char quote)
    {
        for (int i = open + 1; i < line.Length; i++)
        {
            if (line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == quote)
            {
                return i;
            }
        }
        return line.Length;
    }

    /// <summary>Documentation text wrapped between words (outside attribute values), each line starting with <paramref name="prefix"/>.</summary>
    private static List<string> WrapComment(string prefix, string text)
    {
        var lines = new List<string>();
        var current = new System.Text.StringBuilder(prefix);
        bool quoted = false;
        int wordStart = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && (text[i] != ' ' || quoted))
            {
                quoted ^= text[i] == '"';
                continue;
            }
            string word = text.Substring(wordStart, i - wordStart);
            if (current.Length > prefix.Length && current.Length + 1 + word.Length > MaxLength)
            {
                lines.Add(current.ToString());
                current.Clear().Append(prefix);
            }
            current.Append(current.Length > prefix.Length ? " " : "").Append(word);
            wordStart = i + 1;
        }
        lines.Add(current.ToString());
        return lines;
    }
}
