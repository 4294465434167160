using System;
using System.Collections.Generic;
using System.Text;

namespace StoreGen.Generators.Emit;

/// <summary>
/// Builds indented C# source. Lines are written as given (callers format under the invariant culture), except that one
/// longer than <see cref="LineBreaker.MaxLength"/> is broken the way <see cref="LineBreaker"/> says.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>Writes <paramref name="line"/> at the current indentation; each line of a multi-line text is indented.</summary>
    public SourceWriter Line(string line = "")
    {
        foreach (string part in line.Split('\n'))
        {
            foreach (string piece in LineBreaker.Break(part.Length > 0 ? new string(' ', _depth * 4) + part : part))
            {
                _text.Append(piece).Append('\n');
            }
        }
        return this;
    }

    /// <summary>
    /// <paramref name="conditions"/> joined by <c>&amp;&amp;</c>, one a line: each line after the first starts with
    /// <paramref name="indent"/> (relative to the writer's indentation) and <c>&amp;&amp;</c>, so long conditions stay readable.
    /// </summary>
    public static string All(IEnumerable<string> conditions, string indent) => string.Join("\n" + indent + "&& ", conditions);

    /// <summary>Writes <paramref name="header"/> and <c>{</c>; dispose the result to write <c>}</c>.</summary>
    public IDisposable Block(string header, string closing = "}")
    {
        Line(header);
        Line("{");
        _depth++;
        return new Closer(this, closing);
    }

    /// <summary>Indents what follows by one level, without braces; dispose to undo.</summary>
    public IDisposable Indented()
    {
        _depth++;
        return new Closer(this, null);
    }

    public override string ToString() => _text.ToString();

    private sealed class Closer : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string? _closing;

        public Closer(SourceWriter writer, string? closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose()
        {
            _writer._depth--;
            if (_closing is not null)
            {
                _writer.Line(_closing);
            }
        }
    }
}
