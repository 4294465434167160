using System;
using System.Text;

namespace StoreGen.Generators.Emit;

/// <summary>Builds indented C# source. Lines are written as given (callers format under the invariant culture).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4);
        }
        _text.Append(line).Append('\n');
        return this;
    }

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
