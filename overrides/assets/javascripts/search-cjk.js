/*
 * Queries for Material's search, as the index built by hooks/search_index.py expects them.
 *
 * Material sends what is typed in the search box to its search worker. Before it goes,
 * this script rewrites it:
 *
 * - each run of Chinese characters becomes its overlapping character pairs, all
 *   required: 从严治党 -> +从严 +严治 +治党. The index holds the same pairs (hidden
 *   field "grams"), so any part of a compound is found (治党 in 从严治党, 一课 in
 *   三会一课), and a longer query finds the paragraphs that contain it. A single
 *   character finds the pairs it starts;
 * - every other word is required too, as a prefix (+word*): all the words typed must
 *   be in a result, where Material would list anything containing any one of them.
 *
 * Material's own handling of Chinese queries (splitting a run at the index's words)
 * leaves two-character runs alone as long as no single Han character is an index term,
 * which the index guarantees.
 *
 * In the result list, the query's Chinese runs are marked as a whole (Material marks each
 * word equal to a pair), and result links carry them as the words to highlight on the
 * target page (Material would send the pairs, and mark 店小 but not 二 of 店小二).
 *
 * Only an index whose config says "cjk": "bigram" is queried this way.
 */
(function () {
  "use strict"

  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g
  var HAS_HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/
  var SETUP = 0, QUERY = 2, RESULT = 3
  var enabled = false
  var separator = /[\s\-]+/
  var runs = []
  var words = []  /* the last query's other words, lower case */

  function rewrite(query) {
    var terms = []
    function add(term) {
      if (terms.indexOf(term) < 0)
        terms.push(term)
    }
    runs = []
    var rest = query.replace(HAN, function (run) {
      runs.push(run)
      if (run.length === 1)
        add("+" + run + "*")
      for (var i = 0; i + 1 < run.length; i++)
        add("+" + run.slice(i, i + 2))
      return " "
    })
    words = []
    rest.split(separator).forEach(function (word) {
      word = word.replace(/[+\-*~^:"]/g, "")
      if (word) {
        add("+" + word + "*")
        words.push(word.toLowerCase())
      }
    })
    return terms.join(" ")
  }

  /*
   * The library. Material's search worker loads one index, given to it in a SETUP message:
   * Material fetches search/search_index.json (the shared pages and the library's table of
   * contents, config.library). This script holds that message back until the current speech's
   * two files are loaded, and sends the worker the shared pages and the current speech: the
   * worker's index (lunr, built in the worker) stays the size of one speech.
   *
   * Other speeches are searched here, in the page, not by the worker: a query across speeches
   * reads the term table (which speech texts hold every term of the query), loads the texts it
   * lacks as scripts (a page opened from a folder cannot fetch(), file://) and finds the entries
   * that contain the query (each Chinese run as written, each other word at a word start). Having
   * Material's worker index them instead (a new SETUP) took 1.4 s at 10 speeches and 10 s at 50
   * on the first query (bench/library_search.py); a worker of our own keeping one lunr index per
   * speech would not build less. Material's worker is kept for the current speech and the shared
   * pages, so their results stay Material's (ranking, highlighting, grouping).
   *
   * Results: the current speech's first, then the other speeches' texts (in the library's order,
   * the entries with more occurrences first), then the shared pages; only the current speech's
   * if the reader narrows the search (the scope checkbox); each group names its speech.
   */
  var library = null, worker = null
  var loaded = {}, waiting = {}, partOf = {}, prepared = {}
  var current = (document.querySelector('meta[name="search-speech"]') || {}).content || null
  var lastQuery = null, generation = 0, posted = []

  function siteBase() {
    var config = JSON.parse(document.getElementById("__config").textContent)
    var url = new URL(config.base, location.href).href
    return url.charAt(url.length - 1) === "/" ? url : url + "/"
  }

  window.__searchLoaded = function (key, data) {
    loaded[key] = data
  }

  /* Load the library files `keys` (scripts that call __searchLoaded), then call done */
  function load(keys, done) {
    var missing = keys.filter(function (key) { return !(key in loaded) })
    var left = missing.length
    if (!left)
      return done()
    missing.forEach(function (key) {
      if (waiting[key])
        return waiting[key].push(finish)
      waiting[key] = [finish]
      var script = document.createElement("script")
      script.src = new URL(library.folder + "/" + key + ".js", siteBase()).href
      script.onload = script.onerror = function () {
        if (!(key in loaded))
          loaded[key] = null
        var callbacks = waiting[key]
        delete waiting[key]
        callbacks.forEach(function (callback) { callback() })
      }
      document.head.appendChild(script)
    })
    function finish() {
      if (--left === 0)
        done()
    }
  }

  /* An entry's title and text as plain text, without the invisible word separators */
  function plain(doc) {
    return (doc.title + " " + doc.text).replace(/<[^>]+>/g, " ").replace(/[\u200b\u2060]/g, "")
  }

  /* The hidden field of character pairs is made here, not shipped (search_index.compact_doc) */
  function withGrams(doc) {
    if (doc.grams !== 1)
      return doc
    var grams = []
    ;(plain(doc).match(HAN) || []).forEach(function (run) {
      for (var i = 0; i + 1 < run.length; i++)
        grams.push(run.slice(i, i + 2))
    })
    var copy = {}
    for (var key in doc)
      copy[key] = doc[key]
    copy.grams = grams.join(" ")
    return copy
  }

  function partsOf(slug) {
    return library.parts.filter(function (part) { return slugOfPart(part) === slug })
  }

  function slugOfPart(part) {
    return part ? part.slice(0, part.lastIndexOf(".")) : null
  }

  function scoped() {
    var box = document.querySelector(".md-search__scope input")
    return !!(current && box && box.checked)
  }

  /* The query's terms as the term table holds them: [term, isPrefix] */
  function tableTerms(query) {
    var terms = []
    var rest = query.replace(HAN, function (run) {
      if (run.length === 1)
        terms.push([run, true])
      for (var i = 0; i + 1 < run.length; i++)
        terms.push([run.slice(i, i + 2), false])
      return " "
    })
    queryWords(rest).forEach(function (word) { terms.push([word, true]) })
    return terms
  }

  function queryWords(text) {
    return text.toLowerCase().split(separator).map(function (word) {
      return word.replace(/[+\-*~^:"]/g, "")
    }).filter(Boolean)
  }

  function shardOf(term) {
    return "terms-" + (term.codePointAt(0) % library.shards)
  }

  /* Part numbers of a hex mask (search_index.part_mask) */
  function maskParts(mask, into) {
    for (var k = 0; k < mask.length; k++) {
      var digit = parseInt(mask.charAt(k), 16)
      for (var j = 0; j < 4; j++)
        if (digit >> j & 1)
          into[4 * k + j] = true
    }
    return into
  }

  /* The other speeches' texts holding every term of the query (the table numbers library.texts) */
  function textsFor(query, done) {
    var terms = tableTerms(query)
    if (!terms.length)
      return done([])
    var shards = terms.map(function (term) { return shardOf(term[0]) })
    load(shards.filter(function (shard, i) { return shards.indexOf(shard) === i }), function () {
      var found = null
      terms.forEach(function (term) {
        var table = loaded[shardOf(term[0])] || {}
        var here = {}
        if (term[1]) {
          for (var key in table)
            if (key.lastIndexOf(term[0], 0) === 0)
              maskParts(table[key], here)
        } else if (table[term[0]]) {
          maskParts(table[term[0]], here)
        }
        if (found === null)
          found = here
        else
          for (var n in found)
            if (!here[n])
              delete found[n]
      })
      done(Object.keys(found || {}).map(function (n) { return library.texts[n] }).filter(function (part) {
        return slugOfPart(part) !== current
      }))
    })
  }

  /* A loaded speech text, ready to be searched: its entries with their plain lower-case text */
  function prepare(part) {
    if (!prepared[part] && loaded[part]) {
      var byLocation = {}
      loaded[part].docs.forEach(function (doc) { byLocation[doc.location] = doc })
      prepared[part] = {
        entries: loaded[part].docs.filter(function (doc) { return doc.grams === 1 }).map(function (doc) {
          return { doc: doc, text: plain(doc).toLowerCase() }
        }),
        byLocation: byLocation,
      }
    }
    return prepared[part]
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  }

  /* Result groups of the loaded texts of other speeches for `query`, in Material's format: an
     entry that holds every Chinese run of the query and every other word (at a word start) */
  function scan(query) {
    var runs = (query.match(HAN) || []).map(function (run) { return run.toLowerCase() })
    var words = queryWords(query.replace(HAN, " ")).map(function (word) {
      return new RegExp("(?:^|[^0-9a-z\u00c0-\u024f])" + escapeRegExp(word), "g")
    })
    if (!runs.length && !words.length)
      return []
    var terms = {}  /* what Material puts in a result link to highlight on the page */
    runs.concat(queryWords(query.replace(HAN, " "))).forEach(function (term) { terms[term] = true })
    var groups = []
    library.texts.forEach(function (part) {
      if (slugOfPart(part) === current || !loaded[part])
        return
      var text = prepare(part), found = []
      text.entries.forEach(function (entry) {
        var count = 0
        for (var i = 0; i < runs.length; i++) {
          var n = entry.text.split(runs[i]).length - 1
          if (!n)
            return
          count += n
        }
        for (var j = 0; j < words.length; j++) {
          var m = (entry.text.match(words[j]) || []).length
          if (!m)
            return
          count += m
        }
        found.push({ entry: entry, count: count })
      })
      found.sort(function (a, b) { return b.count - a.count })
      found.forEach(function (hit) {
        var doc = hit.entry.doc, location = doc.location
        partOf[location] = part
        var group = [result(doc, hit.count, terms)]
        var page = text.byLocation[location.split("#")[0]]
        if (page && page !== doc)
          group.push(result(page, 0, {}))
        groups.push(group)
      })
    })
    return groups
  }

  function result(doc, score, terms) {
    return { location: doc.location, title: doc.title, text: doc.text, score: score, terms: terms }
  }

  function send(query) {
    var mine = ++generation
    lastQuery = query
    function go() {
      if (mine !== generation)
        return
      posted.push(query)
      post.call(worker, { type: QUERY, data: rewrite(query) })
    }
    if (scoped() || library.texts.every(function (part) { return slugOfPart(part) === current }))
      return go()
    textsFor(query, function (parts) {
      if (mine === generation)
        load(parts, go)
    })
  }

  var post = Worker.prototype.postMessage
  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments)
    if (message && message.type === SETUP && message.data && message.data.config) {
      enabled = message.data.config.cjk === "bigram"
      if (enabled)
        separator = new RegExp(message.data.config.separator)
      library = message.data.config.library || null
      if (library) {
        worker = this
        showScope()
        var data = message.data
        data.docs.forEach(function (doc) { partOf[doc.location] = "" })
        var parts = current ? partsOf(current) : []
        return load(parts, function () {
          var docs = data.docs.map(withGrams)
          parts.forEach(function (part) {
            (loaded[part] || { docs: [] }).docs.forEach(function (doc) {
              partOf[doc.location] = part
              docs.push(withGrams(doc))
            })
          })
          post.call(worker, { type: SETUP, data: { config: data.config, docs: docs, options: data.options } })
        })
      }
    } else if (enabled && message && message.type === QUERY && typeof message.data === "string") {
      if (library && this === worker)
        return send(message.data)
      args[0] = { type: QUERY, data: rewrite(message.data) }
    }
    return post.apply(this, args)
  }

  function escapeText(text) {
    var span = document.createElement("span")
    span.textContent = text
    return span.innerHTML
  }

  /* The worker's result for `query`, arranged (see above). Scores are scaled group by group so
     that they fall in list order: Enter opens the result of highest score, which is then the
     first one listed; one factor per group keeps Material's folding within a group as it was. */
  function arrange(result, query) {
    var only = scoped()
    var named = Object.keys(library.speeches).length > 1
    function slugOf(group) { return slugOfPart(partOf[group[0].location]) }
    var groups = result.items.filter(function (group) { return !only || slugOf(group) === current })
    var mine = groups.filter(function (group) { return current && slugOf(group) === current })
    var shared = groups.filter(function (group) { return mine.indexOf(group) < 0 })
    var others = only ? [] : scan(query)
    var ordered = mine.concat(others, shared)
    var items = ordered.map(function (group, rank) {
      var slug = slugOf(group)
      var top = Math.max.apply(null, group.map(function (doc) { return doc.score }))
      var factor = top > 0 ? (ordered.length - rank) / top : 1
      return group.map(function (doc) {
        var copy = {}
        for (var key in doc)
          copy[key] = doc[key]
        copy.score = doc.score * factor
        if (named && slug && doc.location.indexOf("#") < 0)
          copy.title = '<span class="md-search-result__speech">' + escapeText(library.speeches[slug]) + "</span>" + doc.title
        return copy
      })
    })
    var copy = {}
    for (var key in result)
      copy[key] = result[key]
    copy.items = items
    return copy
  }

  var listen = Worker.prototype.addEventListener
  Worker.prototype.addEventListener = function (type, listener, options) {
    if (type !== "message" || typeof listener !== "function")
      return listen.apply(this, arguments)
    var target = this
    return listen.call(this, type, function (event) {
      var data = event.data
      if (library && target === worker && data && data.type === RESULT && data.data && data.data.items) {
        var query = posted.length ? posted.shift() : lastQuery || ""
        return listener.call(this, { data: { type: RESULT, data: arrange(data.data, query) } })
      }
      return listener.call(this, event)
    }, options)
  }

  /* The scope checkbox (overrides/partials/search.html): shown on a speech's pages of a library
     of several speeches; changing it runs the last query again */
  function showScope() {
    var label = document.querySelector(".md-search__scope")
    if (!label || !current || Object.keys(library.speeches).length < 2)
      return
    label.hidden = false
    var box = label.querySelector("input")
    box.addEventListener("change", function () {
      if (lastQuery !== null && lastQuery !== "")
        send(lastQuery)
    })
    /* Keyboard: Material's search dialog sends every key to the query box and closes on Tab.
       Here Tab goes from the query box to the checkbox and back (Escape still closes, arrows
       still walk the results), and Space or Enter toggles it. Listened on the document, which
       sees a key before Material's listener on the window. */
    var query = document.querySelector("input.md-search__input")
    document.addEventListener("keydown", function (event) {
      if (label.hidden || event.key !== "Tab" && !(event.target === box && (event.key === " " || event.key === "Enter")))
        return
      if (event.target === query && !event.shiftKey) {
        box.focus()
      } else if (event.target === box && event.key === "Tab") {
        query.focus()
      } else if (event.target === box) {
        box.checked = !box.checked
        box.dispatchEvent(new Event("change"))
      } else {
        return
      }
      event.preventDefault()
      event.stopPropagation()
    })
  }

  /* Highlight the query's own Chinese runs (not its pairs) on the result's page */
  function fixLink(link) {
    try {
      var url = new URL(link.href)
      if (!url.searchParams.has("h"))
        return
      var words = url.searchParams.get("h").split(" ").filter(function (word) {
        return word && !HAS_HAN.test(word)
      })
      url.searchParams.set("h", runs.concat(words).join(" "))
      link.href = url.toString()
    } catch (err) {
      /* leave the link as Material made it */
    }
  }

  /* Mark the query's Chinese runs in the result (Material marks each word that equals
     one of the pairs, 工作 of 驻村工作队 wherever it occurs); the index text has invisible
     word separators (U+200B, U+2060) between the characters of a run */
  function fixMarks(article) {
    var marks = article.querySelectorAll("mark")
    for (var i = 0; i < marks.length; i++)
      if (HAS_HAN.test(marks[i].textContent) && !marks[i].closest(".md-search-result__speech"))
        marks[i].replaceWith(document.createTextNode(marks[i].textContent))
    article.normalize()
    var pattern = new RegExp(runs.map(function (run) {
      return run.split("").join("[\u200b\u2060]*")
    }).join("|"), "g")
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT)
    var nodes = []
    for (var node = walker.nextNode(); node; node = walker.nextNode())
      if (!(node.parentNode && (node.parentNode.nodeName === "MARK" || node.parentNode.closest(".md-search-result__speech"))))
        nodes.push(node)
    nodes.forEach(function (node) {
      var text = node.nodeValue, last = 0, match, parts = []
      pattern.lastIndex = 0
      while ((match = pattern.exec(text))) {
        parts.push(document.createTextNode(text.slice(last, match.index)))
        var mark = document.createElement("mark")
        mark.textContent = match[0]
        parts.push(mark)
        last = match.index + match[0].length
      }
      if (parts.length) {
        parts.push(document.createTextNode(text.slice(last)))
        node.replaceWith.apply(node, parts)
      }
    })
  }

  /* Mark the query's other words at word starts in a result that has no marks (the other
     speeches' texts are searched by this script, and Material marks only its own results) */
  function markWords(article) {
    if (!words.length || article.querySelector("mark"))
      return
    var pattern = new RegExp("(^|[^0-9a-z\u00c0-\u024f])(" + words.map(escapeRegExp).join("|") + ")", "gi")
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT)
    var nodes = []
    for (var node = walker.nextNode(); node; node = walker.nextNode())
      if (!(node.parentNode && node.parentNode.closest(".md-search-result__speech, h1, h2")))
        nodes.push(node)
    nodes.forEach(function (node) {
      var text = node.nodeValue, last = 0, match, parts = []
      pattern.lastIndex = 0
      while ((match = pattern.exec(text))) {
        var start = match.index + match[1].length
        parts.push(document.createTextNode(text.slice(last, start)))
        var mark = document.createElement("mark")
        mark.textContent = match[2]
        parts.push(mark)
        last = start + match[2].length
      }
      if (parts.length) {
        parts.push(document.createTextNode(text.slice(last)))
        node.replaceWith.apply(node, parts)
      }
    })
  }

  function fixResult(node) {
    if (!node.querySelectorAll || !runs.length && !words.length)
      return
    node.querySelectorAll("a.md-search-result__link").forEach(function (link) {
      var article = link.querySelector("article")
      if (!runs.length) {
        if (article)
          markWords(article)
        return
      }
      fixLink(link)
      if (article)
        fixMarks(article)
    })
  }

  function watchResults() {
    var list = document.querySelector(".md-search-result__list")
    if (!list || typeof MutationObserver === "undefined")
      return
    new MutationObserver(function (mutations) {
      if (!enabled)
        return
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(fixResult)
      })
    }).observe(list, { childList: true })
  }

  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", watchResults)
  else
    watchResults()
})()
