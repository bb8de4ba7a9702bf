using System.Globalization;

namespace AiLogger.Domain.Logs.Query;

/// <summary>
/// Recursive-descent parser: <c>or := and ('OR' and)*</c>, <c>and := unary (['AND'] unary)*</c>,
/// <c>unary := ('NOT' | '-') unary | '(' or ')' | term</c>. The recursion is bounded by <see cref="LogQueryLimits"/>:
/// no input can nest deeper than <see cref="LogQueryLimits.MaxDepth"/>, hold more than <see cref="LogQueryLimits.MaxTerms"/>
/// terms or be longer than <see cref="LogQueryLimits.MaxLength"/> characters.
/// </summary>
internal sealed class LogQueryParser
{
    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;
    private int _terms;

    public LogQueryParser(string text)
    {
        if (text.Length > LogQueryLimits.MaxLength)
            throw LogQuerySyntaxException.LimitBroken(LogQueryLimits.MaxLength, LogQueryLimits.Length,
                $"the query is {text.Length:N0} characters long; the limit is {LogQueryLimits.MaxLength:N0}");
        _text = text;
        _tokens = Tokenize(text);
    }

    public QueryNode Parse()
    {
        var node = ParseOr();
        if (_index < _tokens.Count)
        {
            var token = _tokens[_index];
            throw new LogQuerySyntaxException(token.Position,
                token.Kind == TokenKind.RParen ? "unexpected ')' without a matching '('" : "expected the end of the query");
        }
        return node;
    }

    private Token? Peek => _index < _tokens.Count ? _tokens[_index] : null;

    private int PositionHere => Peek?.Position ?? _text.TrimEnd().Length;

    private QueryNode ParseOr()
    {
        var children = new List<QueryNode> { ParseAnd() };
        while (Peek is { } token && token.IsKeyword("OR"))
        {
            _index++;
            if (Peek is null || Peek.Kind == TokenKind.RParen || Peek.IsKeyword("OR"))
                throw new LogQuerySyntaxException(PositionHere, "expected a term after OR");
            children.Add(ParseAnd());
        }
        return children.Count == 1 ? children[0] : new OrNode(children);
    }

    private QueryNode ParseAnd()
    {
        var children = new List<QueryNode>();
        while (Peek is { } token && token.Kind != TokenKind.RParen && !token.IsKeyword("OR"))
        {
            if (token.IsKeyword("AND"))
            {
                if (children.Count == 0) throw new LogQuerySyntaxException(token.Position, "expected a term before AND");
                _index++;
                if (Peek is null || Peek.Kind == TokenKind.RParen || Peek.IsKeyword("OR") || Peek.IsKeyword("AND"))
                    throw new LogQuerySyntaxException(PositionHere, "expected a term after AND");
                continue;
            }
            children.Add(ParseUnary());
        }
        if (children.Count == 0)
            throw new LogQuerySyntaxException(PositionHere, Peek is null ? "expected a term" : $"expected a term before '{Describe(Peek)}'");
        return children.Count == 1 ? children[0] : new AndNode(children);
    }

    private QueryNode ParseUnary()
    {
        var token = Peek!;
        if (token.Kind == TokenKind.Minus || token.IsKeyword("NOT"))
        {
            _index++;
            if (Peek is null || Peek.Kind == TokenKind.RParen || Peek.IsKeyword("OR") || Peek.IsKeyword("AND"))
                throw new LogQuerySyntaxException(PositionHere, $"expected a term after {(token.Kind == TokenKind.Minus ? "'-'" : "NOT")}");
            Enter(token);
            var negated = new NotNode(ParseUnary());
            _depth--;
            return negated;
        }
        if (token.Kind == TokenKind.LParen)
        {
            _index++;
            if (Peek is { Kind: TokenKind.RParen } empty)
                throw new LogQuerySyntaxException(empty.Position, "expected a term inside '( )'");
            Enter(token);
            var inner = ParseOr();
            _depth--;
            if (Peek is not { Kind: TokenKind.RParen })
                throw new LogQuerySyntaxException(PositionHere, "expected ')' to close the '(' at character " + (token.Position + 1));
            _index++;
            return inner;
        }
        _index++;
        if (++_terms > LogQueryLimits.MaxTerms)
            throw LogQuerySyntaxException.LimitBroken(token.Position, LogQueryLimits.Terms,
                $"the query has more than {LogQueryLimits.MaxTerms} terms; use fewer (a wildcard such as source:api* covers many values)");
        return token.Kind == TokenKind.Field ? BuildField(token) : BuildText(token);
    }

    private void Enter(Token token)
    {
        if (++_depth > LogQueryLimits.MaxDepth)
            throw LogQuerySyntaxException.LimitBroken(token.Position, LogQueryLimits.Depth,
                $"the query nests '(' and NOT more than {LogQueryLimits.MaxDepth} levels deep; flatten it");
    }

    private static QueryNode BuildText(Token token)
    {
        if (token.Quoted) return new TextNode(token.Value, IsPhrase: true, IsPrefix: token.PrefixPhrase);
        var value = token.Value;
        var prefix = value.Length > 1 && value.EndsWith('*');
        if (prefix) value = value.TrimEnd('*');
        if (value.Contains('*'))
            throw new LogQuerySyntaxException(token.Position + value.IndexOf('*'), "expected '*' only at the end of a word");
        return new TextNode(value, IsPhrase: false, IsPrefix: prefix);
    }

    private static QueryNode BuildField(Token token)
    {
        var name = token.Name!;
        var op = token.Operator;
        var value = token.Value;
        switch (name.ToLowerInvariant())
        {
            case "level":
            case "@l":
                if (!LogLevels.TryParse(value, out var level))
                    throw new LogQuerySyntaxException(token.ValuePosition, $"expected a level name ({LogLevels.AcceptedNames}), not '{value}'");
                return new LevelNode(op, level);
            case "source":
                return Equality(QueryField.Source);
            case "tag":
                return Equality(QueryField.Tag);
            case "type":
                return Equality(QueryField.EventType);
            case "trace":
                return Equality(QueryField.TraceId, lower: true);
            case "span":
                return Equality(QueryField.SpanId, lower: true);
            case "has":
                if (op != ComparisonOperator.Equal)
                    throw new LogQuerySyntaxException(token.OperatorPosition, "expected ':' after 'has'");
                return value.ToLowerInvariant() switch
                {
                    "exception" => new HasNode(HasTarget.Exception),
                    "trace" => new HasNode(HasTarget.Trace),
                    _ => new HasNode(HasTarget.Property, value),
                };
            default:
                double? number = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && !token.Quoted
                    ? n : null;
                if (op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual) && value.Contains('*'))
                    throw new LogQuerySyntaxException(token.ValuePosition, $"expected a value without '*' after '{name}{QueryNode.Symbol(op)}'");
                return new PropertyNode(name, op, value, number);
        }

        QueryNode Equality(QueryField field, bool lower = false)
        {
            if (op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
                throw new LogQuerySyntaxException(token.OperatorPosition, $"expected ':' or '!=' after '{name}'");
            var node = new FieldNode(field, ComparisonOperator.Equal, lower ? value.ToLowerInvariant() : value);
            return op == ComparisonOperator.NotEqual ? new NotNode(node) : node;
        }
    }

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.RParen => ")",
        TokenKind.LParen => "(",
        TokenKind.Minus => "-",
        _ => token.Value,
    };

    // ---- lexer ----

    private enum TokenKind { Word, Field, LParen, RParen, Minus }

    private sealed record Token(TokenKind Kind, int Position, string Value, bool Quoted = false)
    {
        public string? Name { get; init; }
        public ComparisonOperator Operator { get; init; }
        public int OperatorPosition { get; init; }
        public int ValuePosition { get; init; }
        public bool PrefixPhrase { get; init; }

        public bool IsKeyword(string keyword) => Kind == TokenKind.Word && !Quoted && Value == keyword;
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            switch (c)
            {
                case '(':
                    tokens.Add(new Token(TokenKind.LParen, i, "(")); i++; continue;
                case ')':
                    tokens.Add(new Token(TokenKind.RParen, i, ")")); i++; continue;
                case '"':
                    var start = i;
                    var phrase = ReadQuoted(text, ref i);
                    // "cache mi"* : a phrase whose last word is a prefix.
                    var prefix = i < text.Length && text[i] == '*';
                    if (prefix) i++;
                    tokens.Add(new Token(TokenKind.Word, start, phrase, Quoted: true) { PrefixPhrase = prefix });
                    continue;
                case '-' when i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && text[i + 1] != ')':
                    tokens.Add(new Token(TokenKind.Minus, i, "-")); i++; continue;
            }
            tokens.Add(ReadBare(text, ref i));
        }
        return tokens;
    }

    private static string ReadQuoted(string text, ref int i)
    {
        var open = i;
        var builder = new System.Text.StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\') { builder.Append(text[i + 1]); i += 2; continue; }
            if (c == '"') { i++; return builder.ToString(); }
            builder.Append(c);
            i++;
        }
        throw new LogQuerySyntaxException(open, "expected a closing '\"' for the phrase that starts here");
    }

    private static Token ReadBare(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '"')) i++;
        var run = text.AsSpan(start, i - start);

        var opIndex = FindOperator(run, out var op, out var opLength);
        if (opIndex < 0) return new Token(TokenKind.Word, start, run.ToString());

        var name = run[..opIndex].ToString();
        var valueStart = start + opIndex + opLength;
        var value = text[valueStart..i];
        var quoted = false;
        if (value.Length == 0 && i < text.Length && text[i] == '"')
        {
            value = ReadQuoted(text, ref i);
            quoted = true;
        }
        else if (value.Length == 0)
        {
            throw new LogQuerySyntaxException(valueStart, $"expected a value after '{name}{text.Substring(start + opIndex, opLength)}'");
        }
        return new Token(TokenKind.Field, start, value, quoted)
        {
            Name = name, Operator = op, OperatorPosition = start + opIndex, ValuePosition = valueStart,
        };
    }

    /// <summary>Index of the first comparison operator after a valid property name, or -1 for a plain word.</summary>
    private static int FindOperator(ReadOnlySpan<char> run, out ComparisonOperator op, out int length)
    {
        op = ComparisonOperator.Equal;
        length = 0;
        if (run.Length == 0 || !(char.IsLetter(run[0]) || run[0] is '_' or '@')) return -1;
        for (var k = 1; k < run.Length; k++)
        {
            var c = run[k];
            var next = k + 1 < run.Length ? run[k + 1] : '\0';
            switch (c)
            {
                case ':': length = 1; op = ComparisonOperator.Equal; return k;
                case '=': length = 1; op = ComparisonOperator.Equal; return k;
                case '!' when next == '=': length = 2; op = ComparisonOperator.NotEqual; return k;
                case '>': length = next == '=' ? 2 : 1; op = next == '=' ? ComparisonOperator.GreaterOrEqual : ComparisonOperator.Greater; return k;
                case '<': length = next == '=' ? 2 : 1; op = next == '=' ? ComparisonOperator.LessOrEqual : ComparisonOperator.Less; return k;
            }
            if (!(char.IsLetterOrDigit(c) || c is '_' or '.' or '-' or '@' or '$')) return -1;
        }
        return -1;
    }
}
